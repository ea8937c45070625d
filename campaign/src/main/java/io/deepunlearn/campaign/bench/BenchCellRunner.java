package io.deepunlearn.campaign.bench;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepunlearn.campaign.CampaignPlan;
import io.deepunlearn.campaign.CampaignStore;
import io.deepunlearn.campaign.Cell;
import io.deepunlearn.campaign.CellRunner;
import io.deepunlearn.campaign.ReferenceCache;
import io.deepunlearn.campaign.References;
import io.deepunlearn.core.bench.Aggregation;
import io.deepunlearn.core.bench.BenchConfig;
import io.deepunlearn.core.bench.BenchmarkRunner;
import io.deepunlearn.core.bench.ExperimentData;
import io.deepunlearn.core.bench.ReferenceModels;
import io.deepunlearn.core.bench.ReportWriter;
import io.deepunlearn.core.bench.RunResult;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.method.HyperParameters;
import io.deepunlearn.core.method.Methods;
import io.deepunlearn.core.metric.MetricCatalogue;
import io.deepunlearn.core.metric.MetricValues;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.core.train.TrainConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs bench cells with the single-machine benchmark's own code ({@link BenchmarkRunner#referenceRow},
 * {@link BenchmarkRunner#runMethod}, {@link ReferenceModels#obtain}), so a campaign's runs are the benchmark's runs.
 * Reference models live in the worker's local cache and in the store's ({@link ReferenceCache}): a reference cell
 * adopts the store's pair when there is one, else trains it (it alone: it holds the cell's lease) and publishes it;
 * a run cell fetches its seed's pair, which its reference cell published before writing its result.
 */
public final class BenchCellRunner implements CellRunner {

    private final CampaignStore store;
    private final References references;
    private final BenchConfig config;
    private final BenchmarkRunner runner;
    private final Map<String, HyperParameters> hyperparameters;
    private final Map<String, ExperimentData> experiments = new HashMap<>();

    /** A runner for {@code plan}'s cells with data from {@code dataDir} and the local model cache {@code cacheDir}. */
    public BenchCellRunner(CampaignStore store, ReferenceCache cache, CampaignPlan plan, Path dataDir, Path cacheDir) {
        this.store = store;
        this.config = BenchCampaign.config(plan, dataDir, null, cacheDir);
        this.references = new References(cache, cacheDir);
        this.runner = new BenchmarkRunner(config, ProgressListener.NONE, ProgressListener.NONE);
        this.hyperparameters = BenchCampaign.hyperparameters(plan);
    }

    @Override
    public Outcome run(Cell cell) {
        ExperimentData experiment = experiments.computeIfAbsent(cell.dataset(),
                d -> ExperimentData.load(d, config.dataDir(), config.trainSize(), config.testSize()));
        TrainConfig recipe = config.referenceTraining();
        boolean reference = BenchCampaign.REFERENCE.equals(cell.kind());
        if (!reference && !references.fetch(experiment, cell.arch(), recipe, cell.seed())) {
            return failed(cell, "the reference models of " + cell.dataset() + "/" + cell.arch() + " seed "
                    + cell.seed() + " are not in the campaign's cache (their reference cell failed)");
        }
        try (NDManager manager = Engines.pytorch().newBaseManager();
             ReferenceModels.Pair refs = reference
                     ? references.obtain(experiment, cell.arch(), recipe, cell.seed(), manager)
                     : references.open(experiment, cell.arch(), recipe, cell.seed(), manager)) {
            if (reference) {
                uploadSplits(experiment);
                List<RunResult> rows = List.of(
                        runner.referenceRow(experiment, cell.arch(), cell.seed(), refs, Aggregation.ORIGINAL),
                        runner.referenceRow(experiment, cell.arch(), cell.seed(), refs, Aggregation.RETRAIN));
                ObjectNode payload = payload(rows);
                payload.set("dataset", ReportWriter.json().valueToTree(experiment.info()));
                return Outcome.ok(payload);
            }
            RunResult r = runner.runMethod(experiment, cell.arch(), cell.seed(), Methods.get(cell.method()),
                    hyperparameters.get(cell.method()), refs.original());
            return r.ok() ? Outcome.ok(payload(List.of(r))) : Outcome.failed(r.error(), payload(List.of(r)));
        }
    }

    @Override
    public Outcome abandoned(Cell cell, String reason) {
        return failed(cell, reason);
    }

    /** A failed outcome whose runs are the cell's rows, failed with {@code reason} (as the benchmark records them). */
    private Outcome failed(Cell cell, String reason) {
        List<String> rows = BenchCampaign.REFERENCE.equals(cell.kind())
                ? List.of(Aggregation.ORIGINAL, Aggregation.RETRAIN) : List.of(cell.method());
        List<RunResult> runs = rows.stream().map(m -> new RunResult(cell.dataset(), cell.arch(), m, cell.seed(),
                "failed", reason, MetricValues.missing(MetricCatalogue.standard().names()), 0,
                hyperparameters.containsKey(m) ? hyperparameters.get(m).asMap() : Map.of())).toList();
        return Outcome.failed(reason, payload(runs));
    }

    private static ObjectNode payload(List<RunResult> runs) {
        ObjectNode payload = ReportWriter.json().createObjectNode();
        payload.set("runs", ReportWriter.json().valueToTree(runs));
        return payload;
    }

    /** The split's sample ids, for collect to write beside the reports as the benchmark does. */
    private void uploadSplits(ExperimentData experiment) {
        try {
            Path tmp = Files.createTempDirectory("splits");
            try {
                experiment.saveSplits(tmp);
                try (Stream<Path> files = Files.list(tmp)) {
                    for (Path f : files.toList()) {
                        store.putFile("splits/" + experiment.dataset().replaceAll("[^A-Za-z0-9._-]", "_") + "/"
                                + f.getFileName(), Files.readAllBytes(f));
                    }
                }
            } finally {
                try (Stream<Path> files = Files.walk(tmp)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the splits of " + experiment.dataset(), e);
        }
    }

    static List<RunResult> runs(JsonNode payload) {
        try {
            return List.of(ReportWriter.json().treeToValue(payload.path("runs"), RunResult[].class));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable runs in a cell result", e);
        }
    }
}
