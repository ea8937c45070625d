package io.deepunlearn.core.bench;

import java.util.List;

/** Everything a campaign produced, plus what is needed to reproduce it (config, splits, environment). */
public record BenchmarkResults(BenchConfig config, List<DatasetInfo> datasets, List<RunResult> runs,
                               List<SummaryRow> summary, Environment environment) {

    /** The split sizes and split id used for one dataset. */
    public record DatasetInfo(String name, String splitId, int retain, int forget, int val, int test, int classes) {
    }

    public long failedRuns() {
        return runs.stream().filter(r -> !r.ok()).count();
    }
}
