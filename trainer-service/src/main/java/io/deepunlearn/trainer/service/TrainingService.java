package io.deepunlearn.trainer.service;

import io.deepunlearn.pipeline.event.CheckpointPublished;
import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.RequestStatusChanged;
import io.deepunlearn.pipeline.event.RetrainRequested;
import io.deepunlearn.pipeline.event.TrainingRequested;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.event.ShadowSpec;
import io.deepunlearn.pipeline.ml.ModelTrainer;
import io.deepunlearn.pipeline.ml.ShadowTraining;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.DatasetManifest;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.ShadowStore;
import io.deepunlearn.trainer.metrics.TrainerMetrics;
import io.deepunlearn.trainer.model.TrainingJob;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains original models, exact retrains (the fallback when an audit fails) and U-LiRA shadow models (requested by
 * the auditor; kind {@code shadow}), publishes their checkpoints and
 * tombstones forgotten samples in dataset manifests so that no later training ever sees them. Jobs run one at a
 * time on {@code runner} (one DJL gradient collector per JVM).
 */
public class TrainingService {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingService.class);
    public static final String ORIGINAL = "original";
    public static final String RETRAIN = "retrain";
    /** A U-LiRA shadow model, requested by the auditor: stored under shadows/, never released (docs/ulira.md). */
    public static final String SHADOW = "shadow";

    private final CheckpointStore checkpoints;
    private final ManifestStore manifests;
    private final EventPublisher publisher;
    private final Topics topics;
    private final TrainerMetrics metrics;
    private final ExecutorService runner;
    private final int samplesPerSubject;
    private final Map<String, TrainingJob> jobs = new ConcurrentHashMap<>();

    private final ShadowStore shadows;

    /** {@code samplesPerSubject}: size of the synthetic data subjects of dataset manifests created here. */
    public TrainingService(CheckpointStore checkpoints, ManifestStore manifests, ShadowStore shadows,
                           EventPublisher publisher, Topics topics, TrainerMetrics metrics, ExecutorService runner,
                           int samplesPerSubject) {
        this.samplesPerSubject = samplesPerSubject;
        this.shadows = shadows;
        this.checkpoints = checkpoints;
        this.manifests = manifests;
        this.publisher = publisher;
        this.topics = topics;
        this.metrics = metrics;
        this.runner = runner;
    }

    public Optional<TrainingJob> job(String jobId) {
        return Optional.ofNullable(jobs.get(jobId));
    }

    private void track(String jobId, String modelId, String kind, String status, ModelManifest m, String error) {
        jobs.put(jobId, new TrainingJob(jobId, modelId, kind, status, m == null ? null : m.version(),
                m == null ? null : m.sha256(), error, Instant.now()));
    }

    /** Queues a training of a new model (or a new version of an existing model id, trained from scratch). */
    public void submit(TrainingRequested e) {
        if (jobs.containsKey(e.jobId()) && !TrainingJob.FAILED.equals(jobs.get(e.jobId()).status())) {
            return; // redelivered
        }
        if (e.shadow() != null) {
            track(e.jobId(), e.modelId(), SHADOW, TrainingJob.QUEUED, null, null);
            runner.submit(() -> runShadow(e.jobId(), e.modelId(), e.shadow()));
            return;
        }
        track(e.jobId(), e.modelId(), ORIGINAL, TrainingJob.QUEUED, null, null);
        runner.submit(() -> runJob(e.jobId(), e.modelId(), ORIGINAL, () -> ModelTrainer.trainAndPublish(e.modelId(),
                e.spec(), "trainer:" + ORIGINAL, null, Set.of(), manifests, checkpoints, samplesPerSubject), Set.of()));
    }

    /** Queues an exact retraining of the failed version's model without every sample it was asked to forget. */
    public void submit(RetrainRequested e) {
        String jobId = "retrain-" + e.modelId() + "-" + e.failedVersion();
        if (jobs.containsKey(jobId)) {
            return;
        }
        track(jobId, e.modelId(), RETRAIN, TrainingJob.QUEUED, null, null);
        runner.submit(() -> runJob(jobId, e.modelId(), RETRAIN, () -> {
            ModelManifest failed = checkpoints.manifest(e.modelId(), e.failedVersion());
            tombstoneIds(failed.datasetId(), failed.forgottenSampleIds());
            return ModelTrainer.trainAndPublish(e.modelId(), failed.training(), "trainer:" + RETRAIN, failed,
                    Set.copyOf(failed.forgottenSampleIds()), manifests, checkpoints, samplesPerSubject);
        }, Set.copyOf(e.requestIds())));
    }

    private void runJob(String jobId, String modelId, String kind, java.util.function.Supplier<ModelManifest> work,
                        Set<String> requestIds) {
        long start = System.nanoTime();
        track(jobId, modelId, kind, TrainingJob.RUNNING, null, null);
        try {
            ModelManifest m = work.get();
            checkpoints.release(modelId, m.version(), kind.equals(RETRAIN) ? "exact retrain" : "original model");
            publisher.publish(topics.checkpointPublished(), new CheckpointPublished(CheckpointPublished.SCHEMA_VERSION,
                    modelId, jobId, kind, m.ref(), m.parentVersion(), m.datasetId(), m.requestIds(), Instant.now()), jobId);
            for (String requestId : requestIds) {
                publisher.publish(topics.requestStatus(), requestId, new RequestStatusChanged(RequestStatusChanged.SCHEMA_VERSION,
                        requestId, modelId, RequestStatus.PUBLISHED, "exact retrain without the forgotten samples",
                        m.version(), Instant.now()), null);
            }
            track(jobId, modelId, kind, TrainingJob.SUCCEEDED, m, null);
            metrics.job(kind, "success", Duration.ofNanos(System.nanoTime() - start));
            LOG.info("{} job {} published {}@{} in {} ms", kind, jobId, modelId, m.version(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException ex) {
            LOG.error("{} job {} for {} failed", kind, jobId, modelId, ex);
            track(jobId, modelId, kind, TrainingJob.FAILED, null, ex.getMessage());
            metrics.job(kind, "failure", Duration.ofNanos(System.nanoTime() - start));
            for (String requestId : requestIds) {
                publisher.publish(topics.requestStatus(), requestId, new RequestStatusChanged(RequestStatusChanged.SCHEMA_VERSION,
                        requestId, modelId, RequestStatus.FAILED, "retrain failed: " + ex.getMessage(), null, Instant.now()), null);
            }
        }
    }

    /**
     * Trains shadow {@code shadow} of {@code modelId}'s lineage with its current release's recipe, without any
     * tombstoned sample, stores it under shadows/ and announces it (checkpoint-published, kind shadow). An
     * existing shadow (a redelivered or repeated request) is not trained again.
     */
    private void runShadow(String jobId, String modelId, ShadowSpec shadow) {
        long start = System.nanoTime();
        track(jobId, modelId, SHADOW, TrainingJob.RUNNING, null, null);
        try {
            if (shadows.exists(modelId, shadow.generation(), shadow.index())) {
                track(jobId, modelId, SHADOW, TrainingJob.SUCCEEDED, null, null);
                return;
            }
            ModelManifest lineage = checkpoints.releasedVersion(modelId).map(v -> checkpoints.manifest(modelId, v))
                    .or(() -> checkpoints.latest(modelId))
                    .orElseThrow(() -> new IllegalArgumentException("unknown model " + modelId));
            Set<Integer> tombstoned = manifests.load(lineage.datasetId()).map(d -> Set.copyOf(d.tombstones())).orElse(Set.of());
            ModelManifest m = ShadowTraining.trainAndStore(lineage, shadow, tombstoned, shadows);
            publisher.publish(topics.checkpointPublished(), new CheckpointPublished(CheckpointPublished.SCHEMA_VERSION,
                    modelId, jobId, SHADOW, m.ref(), lineage.version(), m.datasetId(), List.of(), Instant.now()), jobId);
            track(jobId, modelId, SHADOW, TrainingJob.SUCCEEDED, m, null);
            metrics.job(SHADOW, "success", Duration.ofNanos(System.nanoTime() - start));
            LOG.info("shadow job {} stored {} of {} ({} samples) in {} ms", jobId, m.version(), modelId,
                    m.trainSampleIds().size(), (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException ex) {
            LOG.error("shadow job {} for {} failed", jobId, modelId, ex);
            track(jobId, modelId, SHADOW, TrainingJob.FAILED, null, ex.getMessage());
            metrics.job(SHADOW, "failure", Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * Tombstones the samples of a forget request in its dataset manifest (only ids the manifest knows; unknown
     * ones are the unlearner's to reject). Returns how many were newly tombstoned.
     */
    public int tombstone(ForgetRequested e) {
        Optional<DatasetManifest> manifest = manifests.load(e.datasetId());
        if (manifest.isEmpty()) {
            LOG.warn("forget request {} names unknown dataset {}; nothing to tombstone", e.requestId(), e.datasetId());
            return 0;
        }
        var known = e.sampleIds().stream().filter(manifest.get()::containsSample).toList();
        return known.isEmpty() ? 0 : tombstoneIds(e.datasetId(), known);
    }

    /** Serialised: the consumer thread and the retrain runner both update manifests (read-modify-write). */
    private synchronized int tombstoneIds(String datasetId, java.util.List<Integer> ids) {
        int n = manifests.tombstone(datasetId, ids);
        metrics.tombstoned(n);
        return n;
    }
}
