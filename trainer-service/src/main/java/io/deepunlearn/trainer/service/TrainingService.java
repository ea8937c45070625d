package io.deepunlearn.trainer.service;

import io.deepunlearn.pipeline.event.CheckpointPublished;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.RetrainRequested;
import io.deepunlearn.pipeline.event.TrainingRequested;
import io.deepunlearn.pipeline.fault.CrashPoints;
import io.deepunlearn.pipeline.lifecycle.LifecycleSettings;
import io.deepunlearn.pipeline.lifecycle.Reconciler;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.event.ShadowSpec;
import io.deepunlearn.pipeline.ml.ModelTrainer;
import io.deepunlearn.pipeline.ml.ShadowTraining;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ErasureReceipt;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.ShadowStore;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import io.deepunlearn.trainer.metrics.TrainerMetrics;
import io.deepunlearn.trainer.model.TrainingJob;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains original models, exact retrains (the fallback when an audit fails) and U-LiRA shadow models (requested by
 * the auditor; kind {@code shadow}) and publishes their checkpoints. Every training excludes the union of its
 * dataset's tombstones. Jobs are durable ({@link JobStore}) before their Kafka record is acknowledged and run one at
 * a time on the {@link JobRunner} (one DJL gradient collector per JVM), retrains first and shadows last ({@link #rank}). A retrain builds on the model's newest version
 * (behind the version fence), and only once it is published are its requests' receipts written and the requests
 * PUBLISHED. As a {@link Reconciler.Redriver} it re-creates the retrain job of a RETRAINING request whose job was lost
 * (the auditor crashed before publishing retrain-requested).
 */
public class TrainingService implements Reconciler.Redriver {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingService.class);
    public static final String ORIGINAL = "original";
    public static final String RETRAIN = "retrain";
    /** A U-LiRA shadow model, requested by the auditor: stored under shadows/, never released (docs/ulira.md). */
    public static final String SHADOW = "shadow";

    private final CheckpointStore checkpoints;
    private final ManifestStore manifests;
    private final TombstoneStore tombstones;
    private final JobStore jobs;
    private final RequestLifecycle lifecycle;
    private final EvidenceStore evidence;
    private final EventPublisher publisher;
    private final Topics topics;
    private final TrainerMetrics metrics;
    private final JobRunner runner;
    private final int samplesPerSubject;
    private final ShadowStore shadows;
    private final Set<String> inProcess = ConcurrentHashMap.newKeySet();

    /** The trainer's collaborators; {@code samplesPerSubject} sizes the synthetic subjects of new manifests. */
    public record Stores(CheckpointStore checkpoints, ManifestStore manifests, TombstoneStore tombstones, JobStore jobs,
                         RequestLifecycle lifecycle, EvidenceStore evidence, ShadowStore shadows) {
    }

    public TrainingService(Stores stores, EventPublisher publisher, Topics topics, TrainerMetrics metrics,
                           JobRunner runner, int samplesPerSubject) {
        this.checkpoints = stores.checkpoints();
        this.manifests = stores.manifests();
        this.tombstones = stores.tombstones();
        this.jobs = stores.jobs();
        this.lifecycle = stores.lifecycle();
        this.evidence = stores.evidence();
        this.shadows = stores.shadows();
        this.publisher = publisher;
        this.topics = topics;
        this.metrics = metrics;
        this.runner = runner;
        this.samplesPerSubject = samplesPerSubject;
    }

    public Optional<TrainingJob> job(String jobId) {
        return jobs.find(jobId).map(j -> new TrainingJob(j.jobId(), j.modelId(), j.kind(), j.status(), j.version(),
                j.sha256(), j.error(), j.updatedAt()));
    }

    public static String retrainJobId(String modelId, String failedVersion) {
        return "retrain-" + modelId + "-" + failedVersion;
    }

    /** Records a training job (durable before the caller acks) and queues it; a redelivery is a no-op. */
    public void submit(TrainingRequested e) {
        JobStore.Job job = new JobStore.Job(e.jobId(), e.modelId(), e.shadow() != null ? SHADOW : ORIGINAL,
                TrainingJob.QUEUED, e, null, null, null, null, 0, Instant.now());
        if (jobs.create(job)) {
            CrashPoints.reach(CrashPoints.JOB_QUEUED);
            queue(job);
        }
    }

    /** Records an exact retrain job for the failed version's requests and queues it; a redelivery is a no-op. */
    public void submit(RetrainRequested e) {
        JobStore.Job job = new JobStore.Job(retrainJobId(e.modelId(), e.failedVersion()), e.modelId(), RETRAIN,
                TrainingJob.QUEUED, null, e, null, null, null, 0, Instant.now());
        if (jobs.create(job)) {
            CrashPoints.reach(CrashPoints.JOB_QUEUED);
            queue(job);
        }
    }

    /**
     * The job's place in the runner's queue: an exact retrain first (a forget request and its due date wait on it),
     * then an original model, then U-LiRA shadows (they only feed later audits; a generation is K jobs).
     */
    static int rank(String kind) {
        return switch (kind) {
            case RETRAIN -> 0;
            case ORIGINAL -> 1;
            default -> 2;
        };
    }

    private void queue(JobStore.Job job) {
        if (inProcess.add(job.jobId())) {
            runner.submit(rank(job.kind()), () -> {
                try {
                    runJob(job);
                } finally {
                    inProcess.remove(job.jobId());
                }
            });
        }
    }

    /**
     * Re-runs open jobs whose runner is gone (a crash, a drain), for the models {@code owns} says are this
     * replica's, once they have sat for {@code stale-after} (backed off per attempt). Returns how many it queued.
     */
    public int reconcileJobs(Predicate<JobStore.Job> owns, LifecycleSettings settings) {
        int n = 0;
        for (JobStore.Job j : jobs.open()) {
            boolean stale = j.updatedAt() == null
                    || Instant.now().isAfter(j.updatedAt().plus(settings.staleAfter(j.attempts())));
            if (inProcess.contains(j.jobId()) || !stale || !owns.test(j)) {
                continue;
            }
            if (j.attempts() + 1 >= settings.maxAttempts()) {
                fail(j.with(TrainingJob.FAILED, null, null, "gave up after " + (j.attempts() + 1) + " attempts"),
                        "retrain gave up");
                continue;
            }
            JobStore.Job retried = j.retried();
            jobs.save(retried);
            LOG.info("re-running {} job {} (attempt {})", j.kind(), j.jobId(), retried.attempts());
            queue(retried);
            n++;
        }
        return n;
    }

    /**
     * Runs a job in a span; an exact retrain joins the traces of the requests it is for (their intake's, kept in
     * their records), so their erasure's trace runs on to the retrained version.
     */
    private void runJob(JobStore.Job job) {
        List<String> traces = !RETRAIN.equals(job.kind()) ? List.of() : job.retrain().requestIds().stream()
                .map(lifecycle::find).flatMap(Optional::stream).map(ForgetRequestRecord::traceparent)
                .filter(java.util.Objects::nonNull).toList();
        publisher.tracing().resume(job.kind() + " " + job.modelId(), traces,
                java.util.Map.of("deepunlearn.job", job.jobId(), "deepunlearn.model", job.modelId()), () -> {
                    runJobInSpan(job);
                    return null;
                });
    }

    private void runJobInSpan(JobStore.Job job) {
        long start = System.nanoTime();
        jobs.save(job.with(TrainingJob.RUNNING, null, null, null));
        try {
            if (SHADOW.equals(job.kind())) {
                runShadow(job, start);
                return;
            }
            ModelManifest m = RETRAIN.equals(job.kind()) ? retrain(job.retrain()) : train(job.training());
            checkpoints.release(job.modelId(), m.version(), RETRAIN.equals(job.kind()) ? "exact retrain" : "original model");
            List<String> requestIds = RETRAIN.equals(job.kind()) ? job.retrain().requestIds() : List.of();
            for (String requestId : requestIds) {
                resolve(requestId, m);
            }
            jobs.save(job.with(TrainingJob.SUCCEEDED, m.version(), m.sha256(), null));
            publisher.publish(topics.checkpointPublished(), new CheckpointPublished(CheckpointPublished.SCHEMA_VERSION,
                    job.modelId(), job.jobId(), job.kind(), m.ref(), m.parentVersion(), m.datasetId(), m.requestIds(),
                    Instant.now()), job.jobId());
            metrics.job(job.kind(), "success", Duration.ofNanos(System.nanoTime() - start));
            LOG.info("{} job {} published {}@{} in {} ms", job.kind(), job.jobId(), job.modelId(), m.version(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IllegalArgumentException ex) {
            LOG.error("{} job {} for {} cannot run", job.kind(), job.jobId(), job.modelId(), ex);
            fail(job.with(TrainingJob.FAILED, null, null, ex.getMessage()), "retrain failed: " + ex.getMessage());
            metrics.job(job.kind(), "failure", Duration.ofNanos(System.nanoTime() - start));
        } catch (RuntimeException ex) {
            // transient (storage, broker, a lost fence race): the job stays RUNNING and is re-run by the reconciler
            LOG.error("{} job {} for {} failed; it will be re-run", job.kind(), job.jobId(), job.modelId(), ex);
            metrics.job(job.kind(), "failure", Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * Trains shadow {@code shadow} of the job's model lineage with its current release's recipe, without any
     * tombstoned sample, stores it under shadows/ and announces it (checkpoint-published, kind shadow). An existing
     * shadow (a redelivered or re-run job) is not trained again. Shadows are never released.
     */
    private void runShadow(JobStore.Job job, long start) {
        ShadowSpec shadow = job.training().shadow();
        String modelId = job.modelId();
        if (shadows.exists(modelId, shadow.generation(), shadow.index())) {
            jobs.save(job.with(TrainingJob.SUCCEEDED, null, null, null));
            return;
        }
        ModelManifest lineage = checkpoints.releasedVersion(modelId).map(v -> checkpoints.manifest(modelId, v))
                .or(() -> checkpoints.latest(modelId))
                .orElseThrow(() -> new IllegalArgumentException("unknown model " + modelId));
        ModelManifest m = ShadowTraining.trainAndStore(lineage, shadow, tombstones.union(lineage.datasetId()), shadows);
        jobs.save(job.with(TrainingJob.SUCCEEDED, m.version(), m.sha256(), null));
        publisher.publish(topics.checkpointPublished(), new CheckpointPublished(CheckpointPublished.SCHEMA_VERSION,
                modelId, job.jobId(), SHADOW, m.ref(), lineage.version(), m.datasetId(), List.of(), Instant.now()),
                job.jobId());
        metrics.job(SHADOW, "success", Duration.ofNanos(System.nanoTime() - start));
        LOG.info("shadow job {} stored {} of {} ({} samples) in {} ms", job.jobId(), m.version(), modelId,
                m.trainSampleIds().size(), (System.nanoTime() - start) / 1_000_000);
    }

    private ModelManifest train(TrainingRequested e) {
        Set<Integer> excluded = tombstones.union(e.spec().datasetId());
        metrics.tombstoned(excluded.size());
        return ModelTrainer.trainAndPublish(e.modelId(), e.spec(), "trainer:" + ORIGINAL, null, excluded, manifests,
                checkpoints, samplesPerSubject);
    }

    /**
     * Trains from scratch without any tombstoned or forgotten sample, as the successor of the model's newest
     * version (which has forgotten at least what the failed version forgot), so the lineage's forgotten set grows.
     */
    private ModelManifest retrain(RetrainRequested e) {
        ModelManifest failed = checkpoints.manifest(e.modelId(), e.failedVersion());
        ModelManifest head = checkpoints.latest(e.modelId()).orElseThrow();
        Set<Integer> excluded = new HashSet<>(tombstones.union(failed.datasetId()));
        excluded.addAll(head.forgottenSampleIds());
        excluded.addAll(failed.forgottenSampleIds());
        metrics.tombstoned(excluded.size());
        return ModelTrainer.retrainAndPublish(head, failed.training(), "trainer:" + RETRAIN, excluded, manifests,
                checkpoints, samplesPerSubject);
    }

    /** The retrained version is published: the request's receipt (drafted by the audit), then PUBLISHED. */
    private void resolve(String requestId, ModelManifest m) {
        Optional<ForgetRequestRecord> r = lifecycle.find(requestId);
        if (r.isEmpty() || r.get().status() != RequestStatus.RETRAINING) {
            return;
        }
        ErasureReceipt draft = r.get().receipt();
        if (draft != null) {
            // the auditor's signed draft, as it signed it (receipts carry the auditor's signature only)
            evidence.promoteDraft(requestId);
        }
        lifecycle.published(requestId, m.version(), "exact retrain without the forgotten samples");
    }

    private void fail(JobStore.Job failed, String reason) {
        jobs.save(failed);
        if (RETRAIN.equals(failed.kind())) {
            for (String requestId : failed.retrain().requestIds()) {
                lifecycle.fail(requestId, reason, ForgetRequestRecord.Retry.PERMANENT);
            }
        }
    }

    @Override
    public boolean handles(ForgetRequestRecord r) {
        return r.status() == RequestStatus.RETRAINING && r.version() != null;
    }

    @Override
    public boolean busy(String requestId) {
        return false; // the job, not the request, is what runs; redrive() is idempotent
    }

    /** A RETRAINING request without its job (retrain-requested never sent): the job is created from the record. */
    @Override
    public void redrive(ForgetRequestRecord r) {
        String jobId = retrainJobId(r.modelId(), r.version());
        if (jobs.find(jobId).isEmpty()) {
            submit(new RetrainRequested(RetrainRequested.SCHEMA_VERSION, r.modelId(), List.of(r.requestId()),
                    r.version(), r.reason(), Instant.now()));
        }
    }

    /** Graceful drain: no new jobs; the one in progress may finish within {@code grace} (else re-run later). */
    public boolean drain(Duration grace) {
        return runner.drain(grace);
    }
}
