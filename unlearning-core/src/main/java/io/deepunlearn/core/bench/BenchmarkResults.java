package io.deepunlearn.core.bench;

import io.deepunlearn.core.metric.MetricCatalogue;
import java.util.List;

/**
 * Everything a campaign produced, plus what is needed to reproduce it (config, splits, environment), and the
 * metric catalogue its runs were evaluated with (the reports' columns follow it).
 */
public record BenchmarkResults(BenchConfig config, List<DatasetInfo> datasets, List<RunResult> runs,
                               List<SummaryRow> summary, Environment environment, MetricCatalogue metrics) {

    /** Results evaluated with the standard metrics. */
    public BenchmarkResults(BenchConfig config, List<DatasetInfo> datasets, List<RunResult> runs,
                            List<SummaryRow> summary, Environment environment) {
        this(config, datasets, runs, summary, environment, MetricCatalogue.standard());
    }

    /** The split sizes and split id used for one dataset. */
    public record DatasetInfo(String name, String splitId, int retain, int forget, int val, int test, int classes) {
    }

    public long failedRuns() {
        return runs.stream().filter(r -> !r.ok()).count();
    }
}
