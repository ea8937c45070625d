package io.deepunlearn.campaign.tune;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepunlearn.campaign.CampaignPlan;
import io.deepunlearn.campaign.CampaignStore;
import io.deepunlearn.campaign.Cell;
import io.deepunlearn.campaign.CellRunner;
import io.deepunlearn.campaign.References;
import io.deepunlearn.core.bench.ExperimentData;
import io.deepunlearn.core.bench.ReferenceModels;
import io.deepunlearn.core.bench.ReportWriter;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.method.Methods;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.core.tune.Tuner;
import io.deepunlearn.core.tune.UnlearningTrialEvaluator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tune cells with the single-machine search's own code: a study cell is {@link Tuner#runStudies} for one seed
 * with an {@link UnlearningTrialEvaluator}, in a scratch directory; after every trial the study's trials.jsonl is
 * uploaded (progress, and the starting point of a retry), and its lines are the cell's result.
 */
public final class TuneCellRunner implements CellRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TuneCellRunner.class);

    private final CampaignStore store;
    private final References references;
    private final TuneCampaign.Spec spec;
    private final Path dataDir;
    private final Path scratch;
    private ExperimentData experiment;

    /** A runner with data from {@code dataDir}, the local model cache of {@code references}, studies in {@code scratch}. */
    public TuneCellRunner(CampaignStore store, References references, CampaignPlan plan, Path dataDir, Path scratch) {
        this.store = store;
        this.references = references;
        this.spec = TuneCampaign.spec(plan);
        this.dataDir = dataDir;
        this.scratch = scratch;
    }

    @Override
    public Outcome run(Cell cell) {
        if (experiment == null) {
            experiment = ExperimentData.load(spec.dataset(), dataDir, spec.trainSize(), spec.testSize());
        }
        if (TuneCampaign.REFERENCE.equals(cell.kind())) {
            try (NDManager manager = Engines.pytorch().newBaseManager();
                 ReferenceModels.Pair pair = references.obtain(experiment, spec.arch(), spec.recipe(), cell.seed(),
                         manager)) {
                ObjectNode payload = ReportWriter.json().createObjectNode();
                payload.put("retrain_seconds", pair.retrainSeconds());
                return Outcome.ok(payload);
            }
        }
        if (!references.fetch(experiment, spec.arch(), spec.recipe(), cell.seed())) {
            return abandoned(cell, "the reference models of seed " + cell.seed()
                    + " are not in the campaign's cache (their reference cell failed)");
        }
        Path dir = scratch.resolve(store.name()).resolve(cell.id());
        try {
            deleteRecursively(dir);
            Files.createDirectories(dir);
            byte[] previous = store.file(TuneCampaign.trialsFile(cell)).orElse(null);
            if (previous != null) {
                Files.write(dir.resolve("trials.jsonl"), previous); // a retry resumes after the last logged trial
            }
            try (UnlearningTrialEvaluator evaluator = new UnlearningTrialEvaluator(Methods.get(spec.method()),
                    experiment, spec.arch(), references.cacheRoot(), spec.recipe(), ProgressListener.NONE)) {
                Tuner tuner = new Tuner(Methods.get(spec.method()), spec.settings(List.of(cell.seed())), dir,
                        evaluator, new Uploads(cell, dir.resolve("trials.jsonl")));
                tuner.runStudies();
            }
            ObjectNode payload = ReportWriter.json().createObjectNode();
            payload.put("method", spec.method());
            payload.put("seed", cell.seed());
            ArrayNode lines = payload.putArray("trials");
            trialLines(dir.resolve("trials.jsonl")).forEach(lines::add);
            return Outcome.ok(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run study " + cell.id() + " in " + dir, e);
        }
    }

    @Override
    public Outcome abandoned(Cell cell, String reason) {
        ObjectNode payload = ReportWriter.json().createObjectNode();
        payload.putArray("trials");
        return Outcome.failed(reason, payload);
    }

    static List<String> trialLines(Path file) throws IOException {
        return Files.isRegularFile(file)
                ? Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList()
                : List.of();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** After each trial: the study's trials so far to the store, and a log line with the budget. */
    private final class Uploads implements ProgressListener {
        private final Cell cell;
        private final Path trials;

        Uploads(Cell cell, Path trials) {
            this.cell = cell;
            this.trials = trials;
        }

        @Override
        public void start(String task, long total) {
        }

        @Override
        public void step(long done, String message) {
            try {
                if (Files.isRegularFile(trials)) {
                    store.replaceFile(TuneCampaign.trialsFile(cell), Files.readAllBytes(trials));
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot upload the trials of {} (the next trial retries): {}", cell.id(), e.getMessage());
            }
            LOG.info("study {}: {}/{} trials ({})", cell.id(), done, spec.trials(), message);
        }

        @Override
        public void finish(String message) {
        }
    }
}
