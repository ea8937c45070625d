package io.deepunlearn.auditor.service;

import io.deepunlearn.pipeline.event.UnlearningCompleted;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.InvalidEventException;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import io.deepunlearn.pipeline.storage.ModelManifest;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether an {@code unlearning.completed} event may lead to a release, before anything is measured, published
 * or released. Kafka ACLs keep strangers off the topic; this keeps a forged or replayed event (e.g. one naming the
 * pre-erasure original as its result, to roll the model back) from releasing anything even if one gets through:
 * <ol>
 *   <li>both versions exist with manifests signed by a trusted writer ({@link CheckpointStore#manifest} verifies);</li>
 *   <li>the result's signed manifest matches the event's hash and its signed lineage descends strictly from the base
 *       (the base is the pre-erasure model the audit compares against: the run's parent, or an earlier version of
 *       the same lineage);</li>
 *   <li>the result's signed manifest covers every request id, and each has a durable request record for this model
 *       (a run the pipeline was told about);</li>
 *   <li>the result descends strictly from the current release. The one exception is the result the requests' own
 *       records hold as their completion (written by the unlearner before it announced the run): that run may
 *       already be the release (an audit re-driven after a crash) or an ancestor of it (its successor's audit
 *       finished first); {@link AuditService} then keeps the release pointer where it is, so this never moves it
 *       back. Anything else at or behind the release is a rollback or a replay.</li>
 * </ol>
 * The same check runs where the event is consumed (before any request is recorded AUDITING) and again before each
 * audit (a re-drive reads the completion from the records).
 * A refusal is a {@link ReleaseRefusedException}: invalid input, dead-lettered with the reason, never retried.
 */
public class ReleaseGuard {

    /** An event that must not lead to a release; its message is the dead-letter reason. */
    public static class ReleaseRefusedException extends InvalidEventException {
        public ReleaseRefusedException(String reason) {
            super("release refused: " + reason);
        }
    }

    /** Lineage walks stop here: far beyond any real chain of unlearnings, short of a loop in forged manifests. */
    private static final int MAX_LINEAGE = 100_000;
    private final CheckpointStore checkpoints;
    private final RequestLifecycle lifecycle;

    public ReleaseGuard(CheckpointStore checkpoints, RequestLifecycle lifecycle) {
        this.checkpoints = checkpoints;
        this.lifecycle = lifecycle;
    }

    /** Returns the result's verified manifest, or throws {@link ReleaseRefusedException} with the reason. */
    public ModelManifest check(UnlearningCompleted e) {
        String model = e.modelId();
        if (e.result() == null || e.base() == null || !model.equals(e.result().modelId()) || !model.equals(e.base().modelId())) {
            throw new ReleaseRefusedException("base and result must both be versions of " + model);
        }
        ModelManifest result = checkpoints.manifest(model, e.result().version());
        if (!result.sha256().equalsIgnoreCase(e.result().sha256())) {
            throw new ReleaseRefusedException("result " + result.version() + " has SHA-256 " + result.sha256()
                    + " in its signed manifest, not the event's " + e.result().sha256());
        }
        if (!descendsStrictly(model, result, e.base().version())) {
            throw new ReleaseRefusedException("result " + result.version() + " does not descend from base "
                    + e.base().version() + " (its parent is " + result.parentVersion() + ")");
        }
        if (e.requestIds() == null || e.requestIds().isEmpty()) {
            throw new ReleaseRefusedException("the event names no request");
        }
        boolean recordedRun = true;
        for (String id : e.requestIds()) {
            if (!result.covers(id)) {
                throw new ReleaseRefusedException("result " + result.version() + " was not produced for request " + id);
            }
            ForgetRequestRecord record = lifecycle.find(id).orElseThrow(() -> new ReleaseRefusedException(
                    "no request record for " + id + ": no run was recorded for it"));
            if (!model.equals(record.modelId())) {
                throw new ReleaseRefusedException("request " + id + " is for model " + record.modelId() + ", not " + model);
            }
            recordedRun &= record.completion() != null && record.completion().result() != null
                    && result.version().equals(record.completion().result().version());
        }
        Optional<String> released = checkpoints.releasedVersion(model);
        if (released.isPresent() && !descendsStrictly(model, result, released.get())
                && !(recordedRun && checkpoints.descendsFrom(model, released.get(), result.version()))) {
            throw new ReleaseRefusedException("result " + result.version() + " does not descend from the current release "
                    + released.get() + " (a rollback or a replay)");
        }
        return result;
    }

    /** Whether {@code version}'s lineage reaches {@code ancestor} (and is not it). */
    private boolean descendsStrictly(String model, ModelManifest version, String ancestor) {
        Set<String> seen = new HashSet<>();
        String parent = version.parentVersion();
        while (parent != null && seen.add(parent) && seen.size() < MAX_LINEAGE) {
            if (parent.equals(ancestor)) {
                return true;
            }
            parent = checkpoints.manifest(model, parent).parentVersion();
        }
        return false;
    }
}
