package io.deepunlearn.unlearner.service;

import io.deepunlearn.core.method.Methods;
import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.UnlearningCompleted;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.InvalidEventException;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.deepunlearn.unlearner.metrics.UnlearnerMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes forget requests from the topic. {@link #accept} validates, records the request durably and hands it to
 * the {@link Coalescer}; the Kafka record is acknowledged right after (so a long run never holds an offset: see
 * docs/pipeline.md, "commit strategy"). Runs execute one at a time on {@code runner}. Idempotent by request id:
 * a request that a model version already covers, or that is already queued here, is a no-op.
 */
public class UnlearningWorker {

    private static final Logger LOG = LoggerFactory.getLogger(UnlearningWorker.class);

    /** The run's settings: default method, hyperparameter overrides, seed and the intake limit. */
    public record Settings(String defaultMethod, String overrides, int seed, int maxSamples) {
    }

    private final CheckpointStore checkpoints;
    private final RequestStore requests;
    private final EventPublisher publisher;
    private final String completedTopic;
    private final StatusReporter status;
    private final UnlearnerMetrics metrics;
    private final ModelUnlearner unlearner;
    private final Settings settings;
    private final ExecutorService runner;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ModelBacklog<ForgetRequested> backlog = new ModelBacklog<>();
    private Coalescer<ForgetRequested> coalescer;

    public UnlearningWorker(CheckpointStore checkpoints, RequestStore requests, EventPublisher publisher,
                            String completedTopic, StatusReporter status, UnlearnerMetrics metrics,
                            ModelUnlearner unlearner, Settings settings, ExecutorService runner) {
        this.checkpoints = checkpoints;
        this.requests = requests;
        this.publisher = publisher;
        this.completedTopic = completedTopic;
        this.status = status;
        this.metrics = metrics;
        this.unlearner = unlearner;
        this.settings = settings;
        this.runner = runner;
    }

    public void attach(Coalescer<ForgetRequested> coalescer) {
        this.coalescer = coalescer;
    }

    /**
     * Hands a coalesced batch to the single runner thread. A batch that arrives while an earlier one of the same
     * model still waits for the runner joins it ({@link ModelBacklog}): under sustained load one run takes all
     * that piled up, instead of one run per window falling further and further behind.
     */
    public void enqueue(String modelId, List<ForgetRequested> batch) {
        if (backlog.add(modelId, batch)) {
            runner.submit(() -> run(modelId, backlog.take(modelId)));
        }
    }

    /**
     * Accepts a request from the topic. Returns false for a duplicate; throws {@link InvalidEventException} (a dead
     * letter) when it cannot ever be processed.
     */
    public boolean accept(ForgetRequested e) {
        ModelManifest head = validate(e);
        if (head.covers(e.requestId()) || !queued.add(e.requestId())) {
            metrics.request(UnlearnerMetrics.DUPLICATE);
            return false;
        }
        var record = requests.find(e.requestId());
        if (record.isPresent() && (record.get().status().unlearned() || record.get().status() == RequestStatus.FAILED)) {
            queued.remove(e.requestId());
            metrics.request(UnlearnerMetrics.DUPLICATE);
            return false;
        }
        if (record.isEmpty()) {
            // published by another producer than our REST intake: record it before acknowledging
            requests.save(new ForgetRequestRecord(e.requestId(), e.modelId(), e.datasetId(), e.sampleIds(), e.method(),
                    RequestStatus.RECEIVED, null, null, e.requestedAt(), Instant.now()));
            status.report(e.requestId(), e.modelId(), RequestStatus.RECEIVED, null, head.version());
            metrics.request(UnlearnerMetrics.ACCEPTED);
        }
        coalescer.submit(e.modelId(), e);
        return true;
    }

    private ModelManifest validate(ForgetRequested e) {
        try {
            RequestStore.requireRequestId(e.requestId());
            CheckpointStore.requireModelId(e.modelId());
            if (e.method() != null) {
                Methods.get(e.method());
            }
        } catch (IllegalArgumentException ex) {
            throw new InvalidEventException(ex.getMessage());
        }
        if (e.sampleIds() == null || e.sampleIds().isEmpty()) {
            throw new InvalidEventException("sampleIds is empty");
        }
        if (e.sampleIds().size() > settings.maxSamples()) {
            throw new InvalidEventException("sampleIds has " + e.sampleIds().size() + " entries (max " + settings.maxSamples() + ")");
        }
        ModelManifest head = checkpoints.latest(e.modelId())
                .orElseThrow(() -> new InvalidEventException("unknown model " + e.modelId()));
        // samples of the model's dataset pool are valid (held-out ones are simply nothing to unlearn)
        Set<Integer> pool = new java.util.HashSet<>(head.trainSampleIds());
        pool.addAll(head.heldOutSampleIds());
        pool.addAll(head.forgottenSampleIds());
        List<Integer> foreign = e.sampleIds().stream().filter(id -> !pool.contains(id)).limit(5).toList();
        if (!foreign.isEmpty()) {
            throw new InvalidEventException("sample(s) " + foreign + " are not in the dataset of model " + e.modelId());
        }
        return head;
    }

    /** Re-queues requests recorded but not finished before a restart (their Kafka offsets were already committed). */
    public int recover() {
        int n = 0;
        for (ForgetRequestRecord r : requests.pending()) {
            try {
                if (accept(new ForgetRequested(ForgetRequested.SCHEMA_VERSION, r.requestId(), r.modelId(), r.datasetId(),
                        null, r.sampleIds(), r.method(), r.receivedAt()))) {
                    n++;
                }
            } catch (InvalidEventException ex) {
                requests.update(r.requestId(), RequestStatus.FAILED, ex.getMessage(), null);
            }
        }
        return n;
    }

    /** One coalesced batch for one model: requests with the same method run together, in arrival order. */
    void run(String modelId, List<ForgetRequested> batch) {
        try {
            Map<String, List<ForgetRequested>> byMethod = new LinkedHashMap<>();
            for (ForgetRequested e : batch) {
                String method = Methods.get(e.method() == null ? settings.defaultMethod() : e.method()).name();
                byMethod.computeIfAbsent(method, k -> new ArrayList<>()).add(e);
            }
            byMethod.forEach((method, group) -> runGroup(modelId, method, group));
        } catch (RuntimeException ex) {
            LOG.error("unlearning batch for {} failed", modelId, ex);
            fail(batch, "cannot run: " + ex.getMessage(), settings.defaultMethod(), Duration.ZERO);
        } finally {
            batch.forEach(e -> queued.remove(e.requestId()));
        }
    }

    private void runGroup(String modelId, String method, List<ForgetRequested> group) {
        ModelManifest base = checkpoints.latest(modelId).orElseThrow();
        List<ForgetRequested> todo = group.stream().filter(e -> !base.covers(e.requestId())).toList();
        if (todo.isEmpty()) {
            return;
        }
        List<String> ids = todo.stream().map(ForgetRequested::requestId).toList();
        TreeSet<Integer> forget = new TreeSet<>();
        todo.forEach(e -> forget.addAll(e.sampleIds()));
        forget.retainAll(Set.copyOf(base.retainSampleIds()));
        if (forget.isEmpty()) {
            alreadyAbsent(modelId, method, base, todo, ids);
            return;
        }
        for (ForgetRequested e : todo) {
            // the status event says UNLEARNING; the durable record stays RECEIVED until the run's outcome, since
            // recovery treats both alike: one S3 read-modify-write less per request before a run can start
            // (about 20 s for a coalesced run of 1 500 requests on the 2-core benchmark machine)
            status.report(e.requestId(), modelId, RequestStatus.UNLEARNING, null, base.version());
        }
        long start = System.nanoTime();
        try {
            byte[] baseBytes = checkpoints.load(base.ref());
            byte[] result = unlearner.unlearn(base, baseBytes, List.copyOf(forget), method, settings.overrides(),
                    settings.seed());
            ModelManifest published = checkpoints.publish(result,
                    base.successor("unlearner:" + method, List.copyOf(forget), ids));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            publisher.publish(completedTopic, new UnlearningCompleted(UnlearningCompleted.SCHEMA_VERSION, modelId, ids,
                    method, base.ref(), published.ref(), List.copyOf(forget), took.toMillis() / 1000.0, Instant.now()),
                    null);
            for (String id : ids) {
                requests.update(id, RequestStatus.UNLEARNED, null, published.version());
                status.report(id, modelId, RequestStatus.UNLEARNED, null, published.version());
                metrics.request(UnlearnerMetrics.COMPLETED);
            }
            metrics.run(method, "success", took, ids.size());
            LOG.info("unlearned {} sample(s) from {} with {} for {} request(s): {} -> {} in {} ms", forget.size(), modelId,
                    method, ids.size(), base.version(), published.version(), took.toMillis());
        } catch (RuntimeException ex) {
            LOG.error("unlearning {} with {} failed", modelId, method, ex);
            fail(todo, ex.getMessage(), method, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * Nothing this model still holds (an exact retrain already left the samples out, or an earlier run forgot
     * them): no new version, since versions only ever change weights. The current version is handed to the
     * auditor as the result all the same ({@code base == result}): it checks that the version does not remember
     * the samples and writes the receipts, so every accepted request still ends with one.
     */
    private void alreadyAbsent(String modelId, String method, ModelManifest base, List<ForgetRequested> todo,
                               List<String> ids) {
        TreeSet<Integer> asked = new TreeSet<>();
        todo.forEach(e -> asked.addAll(e.sampleIds()));
        publisher.publish(completedTopic, new UnlearningCompleted(UnlearningCompleted.SCHEMA_VERSION, modelId, ids,
                method, base.ref(), base.ref(), List.copyOf(asked), 0, Instant.now()), null);
        for (String id : ids) {
            requests.update(id, RequestStatus.UNLEARNED, "nothing left to unlearn in " + base.version(), base.version());
            status.report(id, modelId, RequestStatus.UNLEARNED, "nothing left to unlearn", base.version());
            metrics.request(UnlearnerMetrics.COMPLETED);
        }
        LOG.info("{} request(s) for {} had nothing left to unlearn in {}: sent to the audit as they are", ids.size(),
                modelId, base.version());
    }

    private void fail(List<ForgetRequested> batch, String reason, String method, Duration took) {
        for (ForgetRequested e : batch) {
            try {
                requests.update(e.requestId(), RequestStatus.FAILED, reason, null);
                status.report(e.requestId(), e.modelId(), RequestStatus.FAILED, reason, null);
                metrics.request(UnlearnerMetrics.FAILED);
            } catch (RuntimeException ex) {
                LOG.error("cannot record the failure of {}", e.requestId(), ex);
            }
        }
        metrics.run(method, "failure", took, batch.size());
    }
}
