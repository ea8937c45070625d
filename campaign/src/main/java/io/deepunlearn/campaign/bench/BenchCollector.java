package io.deepunlearn.campaign.bench;

import io.deepunlearn.campaign.CampaignPlan;
import io.deepunlearn.campaign.CampaignStore;
import io.deepunlearn.campaign.Cell;
import io.deepunlearn.campaign.CellResult;
import io.deepunlearn.core.bench.BenchConfig;
import io.deepunlearn.core.bench.BenchmarkResults;
import io.deepunlearn.core.bench.BenchmarkRunner;
import io.deepunlearn.core.bench.Environment;
import io.deepunlearn.core.bench.ReportWriter;
import io.deepunlearn.core.bench.RunResult;
import io.deepunlearn.core.metric.MetricCatalogue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles a finished bench campaign from its result objects into what the single-machine {@code bench} writes:
 * results.json, leaderboard.md/.csv and report.html (by the same {@link ReportWriter}), runs.jsonl with its
 * campaign marker (so a single-machine rerun into the directory resumes from it) and the splits' sample ids.
 * Runs are taken in plan order, which is the benchmark's order. The environment recorded is the one of the worker
 * that ran the first cell; every cell's own environment stays in its result object.
 */
public final class BenchCollector {

    private BenchCollector() {
    }

    /** Writes the reports into {@code out}; fails, naming them, when cells have no result yet. */
    public static BenchmarkResults collect(CampaignStore store, CampaignPlan plan, Path out) {
        BenchCampaign.requireBench(plan);
        Map<String, CellResult> results = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Cell cell : plan.cells()) {
            store.result(cell.id()).ifPresentOrElse(r -> results.put(cell.id(), r), () -> missing.add(cell.id()));
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("campaign " + plan.name() + " is not finished: " + missing.size()
                    + " cell(s) without a result, e.g. " + missing.subList(0, Math.min(5, missing.size())));
        }
        BenchConfig config = BenchCampaign.config(plan, null, out, null);
        List<RunResult> runs = new ArrayList<>();
        Map<String, BenchmarkResults.DatasetInfo> datasets = new LinkedHashMap<>();
        for (Cell cell : plan.cells()) {
            CellResult r = results.get(cell.id());
            runs.addAll(BenchCellRunner.runs(r.payload()));
            if (r.payload().has("dataset") && !datasets.containsKey(cell.dataset())) {
                datasets.put(cell.dataset(), ReportWriter.json().convertValue(r.payload().get("dataset"),
                        BenchmarkResults.DatasetInfo.class));
            }
        }
        Environment environment = ReportWriter.json().convertValue(results.values().iterator().next().environment(),
                Environment.class);
        List<BenchmarkResults.DatasetInfo> infos = config.datasets().stream().filter(datasets::containsKey)
                .map(datasets::get).toList();
        BenchmarkResults assembled = BenchmarkRunner.results(config, infos, runs, environment,
                MetricCatalogue.standard());
        BenchmarkRunner.writeRunLog(config, BenchCampaign.hyperparameters(plan), runs);
        writeSplits(store, config, out);
        ReportWriter.writeAll(assembled, out);
        return assembled;
    }

    private static void writeSplits(CampaignStore store, BenchConfig config, Path out) {
        for (String dataset : config.datasets()) {
            Map<String, byte[]> files = store.files("splits/" + dataset.replaceAll("[^A-Za-z0-9._-]", "_"));
            Path dir = out.resolve("splits").resolve(dataset);
            try {
                Files.createDirectories(dir);
                for (Map.Entry<String, byte[]> f : files.entrySet()) {
                    Files.write(dir.resolve(f.getKey()), f.getValue());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the splits to " + dir, e);
            }
        }
    }
}
