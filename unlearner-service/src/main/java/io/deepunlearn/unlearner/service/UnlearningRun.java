package io.deepunlearn.unlearner.service;

import io.deepunlearn.core.method.Methods;
import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.UnlearningCompleted;
import io.deepunlearn.pipeline.fault.CrashPoints;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord.Retry;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.VersionConflictException;
import io.deepunlearn.unlearner.metrics.UnlearnerMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One unlearning run for one model's batch: requests with the same method run together on the model's newest
 * version; the new version is published behind the fence (a rival publishing from the same parent wins or loses
 * atomically); then each request is recorded UNLEARNED with the run's outcome, and only then is
 * unlearning-completed announced (record first: a crash in between is re-announced by the reconciler).
 */
public class UnlearningRun {

    private static final Logger LOG = LoggerFactory.getLogger(UnlearningRun.class);

    /** The run's settings: default method, hyperparameter overrides and seed. */
    public record Settings(String defaultMethod, String overrides, int seed) {
    }

    private final CheckpointStore checkpoints;
    private final RequestLifecycle lifecycle;
    private final EventPublisher publisher;
    private final String completedTopic;
    private final UnlearnerMetrics metrics;
    private final ModelUnlearner unlearner;
    private final Settings settings;

    public UnlearningRun(CheckpointStore checkpoints, RequestLifecycle lifecycle, EventPublisher publisher,
                         String completedTopic, UnlearnerMetrics metrics, ModelUnlearner unlearner, Settings settings) {
        this.checkpoints = checkpoints;
        this.lifecycle = lifecycle;
        this.publisher = publisher;
        this.completedTopic = completedTopic;
        this.metrics = metrics;
        this.unlearner = unlearner;
        this.settings = settings;
    }

    /** Runs a coalesced batch (the {@link RunQueue}'s sink). */
    public void run(String modelId, List<ForgetRequested> batch) {
        Map<String, List<ForgetRequestRecord>> byMethod = new LinkedHashMap<>();
        for (ForgetRequested e : batch) {
            // the record is the truth; one already past UNLEARNING is a redelivery
            Optional<ForgetRequestRecord> r = lifecycle.find(e.requestId());
            if (r.isEmpty() || r.get().status().unlearned() || r.get().status() == RequestStatus.FAILED) {
                continue;
            }
            String method = Methods.get(r.get().method() == null ? settings.defaultMethod() : r.get().method()).name();
            byMethod.computeIfAbsent(method, k -> new ArrayList<>()).add(r.get());
        }
        // a run happens after the requests were acknowledged: it joins the trace of their intake (from the records)
        byMethod.forEach((method, group) -> publisher.tracing().resume("unlearn " + modelId,
                group.stream().map(ForgetRequestRecord::traceparent).filter(java.util.Objects::nonNull).toList(),
                Map.of("deepunlearn.model", modelId, "deepunlearn.method", method,
                        "deepunlearn.requests", String.valueOf(group.size())), () -> {
                    runGroup(modelId, method, group);
                    return null;
                }));
    }

    private void runGroup(String modelId, String method, List<ForgetRequestRecord> group) {
        long start = System.nanoTime();
        try {
            ModelManifest base = checkpoints.latest(modelId).orElseThrow(
                    () -> new IllegalArgumentException("unknown model " + modelId));
            announceCovered(modelId, base, group.stream().filter(r -> base.covers(r.requestId())).toList());
            List<ForgetRequestRecord> todo = group.stream().filter(r -> !base.covers(r.requestId())).toList();
            if (todo.isEmpty()) {
                return;
            }
            List<String> ids = todo.stream().map(ForgetRequestRecord::requestId).toList();
            TreeSet<Integer> asked = new TreeSet<>();
            todo.forEach(r -> asked.addAll(r.sampleIds()));
            TreeSet<Integer> forget = new TreeSet<>(asked);
            forget.retainAll(Set.copyOf(base.retainSampleIds()));
            if (forget.isEmpty()) {
                alreadyAbsent(modelId, method, base, ids, List.copyOf(asked));
                return;
            }
            ids.forEach(id -> lifecycle.advance(id, RequestStatus.UNLEARNING, null, base.version()));
            byte[] result = unlearner.unlearn(base, checkpoints.load(base.ref()), List.copyOf(forget), method,
                    settings.overrides(), settings.seed());
            ModelManifest published = checkpoints.publish(result,
                    base.successor("unlearner:" + method, List.copyOf(forget), ids));
            CrashPoints.reach(CrashPoints.AFTER_PUBLISH);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            complete(new UnlearningCompleted(UnlearningCompleted.SCHEMA_VERSION, modelId, ids, method, base.ref(),
                    published.ref(), List.copyOf(forget), took.toMillis() / 1000.0, Instant.now()), null);
            metrics.run(method, "success", took, ids.size());
            LOG.info("unlearned {} sample(s) from {} with {} for {} request(s): {} -> {} in {} ms", forget.size(),
                    modelId, method, ids.size(), base.version(), published.version(), took.toMillis());
        } catch (VersionConflictException ex) {
            // another writer published from the same parent: nothing of ours is in the lineage; the requests stay
            // pending and the model's owner re-drives them onto the new head
            LOG.warn("run for {} lost the version fence ({}): requests left pending", modelId, ex.getMessage());
            metrics.run(method, "conflict", Duration.ofNanos(System.nanoTime() - start), group.size());
        } catch (IllegalArgumentException ex) {
            fail(group, ex.getMessage(), Retry.PERMANENT, method, start);
        } catch (io.deepunlearn.pipeline.security.IntegrityException ex) {
            // a tampered base checkpoint or manifest stays tampered: retrying cannot help
            LOG.error("unlearning {} refused: {}", modelId, ex.getMessage());
            fail(group, "integrity check failed: " + ex.getMessage(), Retry.PERMANENT, method, start);
        } catch (RuntimeException ex) {
            LOG.error("unlearning {} with {} failed", modelId, method, ex);
            fail(group, ex.getMessage(), Retry.RETRYABLE, method, start);
        }
    }

    /** Records the outcome (UNLEARNED, with the completion) and then announces it: the outbox order. */
    private void complete(UnlearningCompleted c, String reason) {
        for (String id : c.requestIds()) {
            lifecycle.unlearned(id, c, reason);
            metrics.request(UnlearnerMetrics.COMPLETED);
        }
        publisher.publish(completedTopic, c, null);
    }

    /** Re-announces a recorded outcome (the reconciler, after a crash between record and announcement). */
    public void announce(UnlearningCompleted c) {
        publisher.publish(completedTopic, c, null);
    }

    /**
     * Requests the newest version already covers: a run published them but crashed before recording the
     * outcome. The outcome is rebuilt from the version that first covered each one and recorded now.
     */
    private void announceCovered(String modelId, ModelManifest head, List<ForgetRequestRecord> covered) {
        Map<String, List<String>> byVersion = new LinkedHashMap<>();
        for (ForgetRequestRecord r : covered) {
            ModelManifest v = head;
            while (v.parentVersion() != null && checkpoints.manifest(modelId, v.parentVersion()).covers(r.requestId())) {
                v = checkpoints.manifest(modelId, v.parentVersion());
            }
            byVersion.computeIfAbsent(v.version(), k -> new ArrayList<>()).add(r.requestId());
        }
        byVersion.forEach((version, ids) -> {
            ModelManifest v = checkpoints.manifest(modelId, version);
            ModelManifest parent = checkpoints.manifest(modelId, v.parentVersion());
            TreeSet<Integer> forgot = new TreeSet<>(v.forgottenSampleIds());
            forgot.removeAll(Set.copyOf(parent.forgottenSampleIds()));
            String method = v.producedBy().startsWith("unlearner:") ? v.producedBy().substring(10) : settings.defaultMethod();
            LOG.info("{} request(s) already covered by {}@{}: recording and announcing the run's outcome", ids.size(),
                    modelId, version);
            complete(new UnlearningCompleted(UnlearningCompleted.SCHEMA_VERSION, modelId, ids, method, parent.ref(),
                    v.ref(), List.copyOf(forgot), 0, Instant.now()), null);
        });
    }

    /**
     * Nothing this model still holds (an exact retrain already left the samples out, held-out samples, or an
     * earlier run forgot them): no new version, since versions only ever change weights. The current version goes
     * to the auditor as the result all the same ({@code base == result}), so every accepted request still ends with
     * a receipt, one that says there was nothing to unlearn.
     */
    private void alreadyAbsent(String modelId, String method, ModelManifest base, List<String> ids, List<Integer> asked) {
        complete(new UnlearningCompleted(UnlearningCompleted.SCHEMA_VERSION, modelId, ids, method, base.ref(),
                base.ref(), asked, 0, Instant.now()), "nothing left to unlearn in " + base.version());
        LOG.info("{} request(s) for {} had nothing left to unlearn in {}: sent to the audit as they are", ids.size(),
                modelId, base.version());
    }

    private void fail(List<ForgetRequestRecord> group, String reason, Retry retry, String method, long start) {
        for (ForgetRequestRecord r : group) {
            try {
                lifecycle.fail(r.requestId(), reason, retry);
                metrics.request(UnlearnerMetrics.FAILED);
            } catch (RuntimeException ex) {
                LOG.error("cannot record the failure of {}", r.requestId(), ex);
            }
        }
        metrics.run(method, "failure", Duration.ofNanos(System.nanoTime() - start), group.size());
    }
}
