package io.deepunlearn.auditor.service;

import io.deepunlearn.auditor.metrics.AuditorMetrics;
import io.deepunlearn.pipeline.event.AuditCompleted;
import io.deepunlearn.pipeline.event.AuditMetrics;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.RetrainRequested;
import io.deepunlearn.pipeline.event.UnlearningCompleted;
import io.deepunlearn.pipeline.fault.CrashPoints;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.security.Pseudonymizer;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ErasureReceipt;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import io.deepunlearn.pipeline.storage.ModelManifest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits an unlearned version: measures it and the pre-erasure version on the same population
 * ({@link ModelEvaluator}), decides pass / fail / inconclusive ({@link VerdictRule}), publishes audit-completed, then
 * either releases the version (pass, or inconclusive under the RELEASE policy; only a version that descends from the
 * current release) and writes one receipt per request, or records the requests RETRAINING with their receipt drafts
 * (the receipt is written when the retrained version is published) and asks for an exact retrain. Requests move
 * through the {@link RequestLifecycle}; only those still AUDITING are audited, so a re-driven or redelivered audit
 * finishes what a crash left undone and repeats nothing else.
 */
public class AuditService {

    private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);

    public static final String RELEASED = "released";
    public static final String RETRAINED = "retrained";
    public static final String NOTHING_TO_UNLEARN = "nothing-to-unlearn";

    private final CheckpointStore checkpoints;
    private final RequestLifecycle lifecycle;
    private final EvidenceStore evidence;
    private final EventPublisher publisher;
    private final Topics topics;
    private final ModelEvaluator evaluator;
    private final AuditThresholds thresholds;
    private final VerdictRule rule;
    private final InconclusivePolicy policy;
    private final AuditorMetrics metrics;
    private final Pseudonymizer pseudonyms;
    private final ReleaseGuard guard;

    public AuditService(CheckpointStore checkpoints, RequestLifecycle lifecycle, EvidenceStore evidence,
                        EventPublisher publisher, Topics topics, ModelEvaluator evaluator, AuditThresholds thresholds,
                        InconclusivePolicy policy, AuditorMetrics metrics, Pseudonymizer pseudonyms) {
        this.pseudonyms = pseudonyms;
        this.guard = new ReleaseGuard(checkpoints, lifecycle);
        this.checkpoints = checkpoints;
        this.lifecycle = lifecycle;
        this.evidence = evidence;
        this.publisher = publisher;
        this.topics = topics;
        this.evaluator = evaluator;
        this.thresholds = thresholds;
        this.rule = new VerdictRule(thresholds);
        this.policy = policy;
        this.metrics = metrics;
    }

    /**
     * The {@link ReleaseGuard}'s check of a completion: its signed lineage and the runs the pipeline recorded. Throws
     * {@link ReleaseGuard.ReleaseRefusedException} (dead-lettered with the reason) for a forged or replayed event.
     */
    public ModelManifest admit(UnlearningCompleted e) {
        return guard.check(e);
    }

    public void audit(UnlearningCompleted e) {
        List<ForgetRequestRecord> pending = e.requestIds().stream().map(lifecycle::find).flatMap(Optional::stream)
                .filter(r -> r.status() == RequestStatus.AUDITING).toList();
        if (pending.isEmpty()) {
            LOG.info("audit of {}@{} already done (redelivery)", e.modelId(), e.result().version());
            return;
        }
        CrashPoints.reach(CrashPoints.AUDITING);
        long start = System.nanoTime();
        // lineage and provenance first: a forged or replayed event is refused before anything is measured or released
        ModelManifest version = guard.check(e);
        ModelManifest previous = checkpoints.manifest(e.modelId(), e.base().version());
        Evaluation ev = evaluator.evaluate(version, checkpoints.load(e.result()), e.forgetSampleIds(), previous,
                checkpoints.load(e.base()));
        AuditMetrics m = ev.metrics();
        Verdict verdict = rule.decide(m, ev.ulira());
        String outcome = verdict.outcome();
        List<String> reasons = verdict.reasons();
        Instant now = Instant.now();
        List<String> ids = pending.stream().map(ForgetRequestRecord::requestId).toList();
        publisher.publish(topics.auditCompleted(), new AuditCompleted(AuditCompleted.SCHEMA_VERSION, e.modelId(),
                ids, e.result(), e.method(), outcome, reasons, verdict.summary(), m, ev.ulira(), now), null);
        if (verdict.releases(policy)) {
            release(e, outcome);
            CrashPoints.reach(CrashPoints.AFTER_RELEASE);
            String resolution = verdict.resolution(policy);
            for (ForgetRequestRecord r : pending) {
                boolean nothing = held(r, version).isEmpty();
                if (evidence.putIfAbsent(receipt(e, r, version, ev, verdict, nothing ? NOTHING_TO_UNLEARN : resolution,
                        now))) {
                    metrics.receipt();
                }
                lifecycle.published(r.requestId(), e.result().version(),
                        nothing ? "nothing to unlearn: the model never held these samples" : "audit " + outcome);
            }
        } else {
            String why = reasons.isEmpty() ? verdict.summary() : String.join("; ", reasons);
            for (ForgetRequestRecord r : pending) {
                ErasureReceipt draft = receipt(e, r, version, ev, verdict, RETRAINED, now);
                // signed here, by the auditor: the trainer only promotes it once the retrained version is published
                evidence.putDraft(draft);
                lifecycle.retraining(r.requestId(), e.result().version(), why, draft);
            }
            publisher.publish(topics.retrainRequested(), new RetrainRequested(RetrainRequested.SCHEMA_VERSION,
                    e.modelId(), ids, e.result().version(), why, now), null);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        metrics.audited(e.method(), outcome, m, ev.ulira(), took);
        LOG.info("audit of {}@{} ({}): {} mia={} (pre-erasure {}, band {}) test={} (was {}) ulira={} in {} ms",
                e.modelId(), e.result().version(), e.method(), outcome, m.mia(), m.preErasureMia(), m.miaNoiseFloor(),
                m.testAccuracy(), m.previousTestAccuracy(), ev.ulira().measured() ? ev.ulira().auc() : ev.ulira().status(),
                took.toMillis());
    }

    /** Moves the release pointer, but only along the lineage: never to a version beside the current release. */
    private void release(UnlearningCompleted e, String outcome) {
        Optional<String> current = checkpoints.releasedVersion(e.modelId());
        if (current.isEmpty() || checkpoints.descendsFrom(e.modelId(), e.result().version(), current.get())) {
            checkpoints.release(e.modelId(), e.result().version(), "audit " + outcome);
        } else {
            LOG.warn("{}@{} passed but does not descend from the release {}: release pointer kept", e.modelId(),
                    e.result().version(), current.get());
        }
    }

    /** The request's own samples that the version's lineage held (trained on, or forgotten along the way). */
    private static List<Integer> held(ForgetRequestRecord r, ModelManifest version) {
        java.util.Set<Integer> lineage = new java.util.HashSet<>(version.trainSampleIds());
        lineage.addAll(version.forgottenSampleIds());
        return r.sampleIds().stream().filter(lineage::contains).toList();
    }

    /**
     * The request's receipt: exactly its own samples (hashed), never the rest of the run's: those the model held,
     * or, when it held none of them ({@code nothing-to-unlearn}), the ones asked for.
     */
    private ErasureReceipt receipt(UnlearningCompleted e, ForgetRequestRecord r, ModelManifest version, Evaluation ev,
                                   Verdict verdict, String resolution, Instant now) {
        String datasetId = version.datasetId();
        List<Integer> own = held(r, version);
        List<Integer> named = own.isEmpty() ? r.sampleIds() : own; // in the request's order
        return new ErasureReceipt(ErasureReceipt.SCHEMA_VERSION, r.requestId(), e.modelId(), datasetId,
                named.stream().map(id -> pseudonyms.sampleRef(datasetId, id)).toList(), e.method(),
                e.base(), e.result(), verdict.outcome(), verdict.reasons(), verdict.summary(), ev.metrics(), ev.ulira(),
                thresholds.asMap(), resolution, e.completedAt(), now);
    }
}
