package io.deepunlearn.localstack.load;

import io.deepunlearn.localstack.LocalStack;
import io.deepunlearn.localstack.PipelineClient;
import io.deepunlearn.pipeline.storage.Buckets;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.DatasetManifest;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.S3Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The load harness on a local stack: attaches its observers (the event tap on Kafka, the receipt watch on the
 * evidence bucket) as soon as the stack is up, picks distinct data subjects from the model's manifests, then runs
 * the offered rates one after the other, each drained before the next, and reports.
 */
public final class PipelineLoad implements AutoCloseable {

    /** The local stack runs the services with the default bucket names. */
    static final Buckets BUCKETS = Buckets.defaults();

    private final LocalStack stack;
    private final PipelineClient client;
    private final PipelineObservations observations = new PipelineObservations();
    private final PipelineEventTap tap;
    private final ReceiptWatch receipts;
    private final Consumer<String> log;

    private PipelineLoad(LocalStack stack, PipelineClient client, Consumer<String> log) {
        this.stack = stack;
        this.client = client;
        this.log = log;
        this.tap = PipelineEventTap.start(stack.kafkaClientConfig(), observations);
        this.receipts = new ReceiptWatch(() -> stack.infrastructure().s3().list(BUCKETS.evidence(), ReceiptWatch.PREFIX),
                observations, 250).start();
    }

    /** Starts observing; do this before training so the observers are warm when the load starts. */
    public static PipelineLoad attach(LocalStack stack, PipelineClient client, Consumer<String> log) {
        return new PipelineLoad(stack, client, log);
    }

    /** {@code count} distinct subjects of the model version's dataset that it was trained on (seeded order). */
    public List<String> subjects(String modelId, String version, int count, long seed) {
        var s3 = stack.infrastructure().s3();
        // the services' own stores and manifest records, so the harness reads what they wrote, as they wrote it
        try (ObjectStore store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), null))) {
            ModelManifest model = new CheckpointStore(store, BUCKETS.models(), stack.secrets().readerSettings()).manifest(modelId, version);
            DatasetManifest dataset = new ManifestStore(store, BUCKETS.datasets()).load(model.datasetId())
                    .orElseThrow(() -> new IllegalStateException("no dataset manifest " + model.datasetId()));
            return SubjectPicker.pick(dataset.subjects(), Set.copyOf(model.trainSampleIds()), count, seed);
        }
    }

    /**
     * Runs every rate in order on {@code subjects} (consumed in order, never reused) and reports. The first
     * {@code warmUp} subjects go first as one burst that is not measured: the services load the dataset and
     * compile their hot paths on it, and the model's lineage then holds enough forgotten samples for the audit's
     * population MIA even when a later run forgets fewer (see docs/performance-pipeline.md).
     */
    public Run run(String modelId, List<OfferedRate> rates, List<String> subjects, int warmUp, Duration drainTimeout,
                   Map<String, Object> setup) {
        tap.awaitAssignment(Duration.ofSeconds(60));
        LoadStep step = new LoadStep(client, observations, receipts::scan, modelId, drainTimeout, log);
        int next = 0;
        if (warmUp > 0) {
            // a burst: all due at once, so the unlearner coalesces them into one run
            LoadStep.Result w = step.burst("warm-up", subjects.subList(0, warmUp));
            next = warmUp;
            setup.put("warmUp", Map.of("requests", warmUp, "receipted", w.rate().receipted(),
                    "seconds", w.rate().lastReceiptSeconds(), "refusals", w.rate().refusals(),
                    "failures", w.rate().failures()));
            log.accept(String.format("warm-up: %d of %d receipted in %.1f s", w.rate().receipted(), warmUp,
                    w.rate().lastReceiptSeconds()));
        }
        List<RateResult> results = new ArrayList<>();
        List<List<RequestOutcome>> outcomes = new ArrayList<>();
        for (OfferedRate rate : rates) {
            LoadStep.Result r = step.run(rate, subjects.subList(next, next + rate.requests()));
            next += rate.requests();
            results.add(r.rate());
            outcomes.add(r.outcomes());
        }
        return new Run(new LoadReport(setup, results), outcomes);
    }

    /** The report and the per-request outcomes of each rate (same order). */
    public record Run(LoadReport report, List<List<RequestOutcome>> outcomes) {
    }

    /** Total requests of a plan with its warm-up: the number of distinct subjects it needs. */
    public static int requests(List<OfferedRate> rates, int warmUp) {
        return warmUp + rates.stream().mapToInt(OfferedRate::requests).sum();
    }

    @Override
    public void close() {
        try {
            receipts.close();
        } finally {
            tap.close();
        }
    }
}
