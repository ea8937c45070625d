package io.deepunlearn.trainer.service;

import io.deepunlearn.pipeline.event.RetrainRequested;
import io.deepunlearn.pipeline.event.TrainingRequested;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.storage.ObjectExistsException;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable training jobs, {@code jobs/{jobId}.json} in the models bucket: the trainer's message log. A job is
 * written (QUEUED, with the request that made it) before its Kafka record is acknowledged, so a crash after the
 * ack loses nothing: the reconciler re-runs QUEUED and RUNNING jobs that no runner in this JVM holds.
 */
public class JobStore {

    /** A job and what it was asked to do ({@code training} or {@code retrain}, one of them). */
    public record Job(String jobId, String modelId, String kind, String status, TrainingRequested training,
                      RetrainRequested retrain, String version, String sha256, String error, int attempts,
                      Instant updatedAt) {

        public Job with(String newStatus, String newVersion, String newSha, String newError) {
            return new Job(jobId, modelId, kind, newStatus, training, retrain, newVersion, newSha, newError, attempts,
                    Instant.now());
        }

        public Job retried() {
            return new Job(jobId, modelId, kind, status, training, retrain, version, sha256, error, attempts + 1,
                    Instant.now());
        }

        public boolean open() {
            return "QUEUED".equals(status) || "RUNNING".equals(status);
        }
    }

    private final ObjectStore store;
    private final String bucket;

    public JobStore(ObjectStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    private static String key(String jobId) {
        return "jobs/" + RequestStore.requireRequestId(jobId) + ".json";
    }

    /** Records a new job unless one with the id exists; returns false for a redelivery. */
    public boolean create(Job job) {
        try {
            store.putNew(bucket, key(job.jobId()), EventCodec.encode(job), "application/json");
            return true;
        } catch (ObjectExistsException e) {
            return false;
        }
    }

    public void save(Job job) {
        store.put(bucket, key(job.jobId()), EventCodec.encode(job), "application/json");
    }

    public Optional<Job> find(String jobId) {
        return store.get(bucket, key(jobId)).map(b -> EventCodec.read(b, Job.class));
    }

    /** Jobs not finished (QUEUED or RUNNING). */
    public List<Job> open() {
        return store.list(bucket, "jobs/", true).stream().filter(k -> k.endsWith(".json"))
                .map(k -> store.get(bucket, k).map(b -> EventCodec.read(b, Job.class))).flatMap(Optional::stream)
                .filter(Job::open).toList();
    }
}
