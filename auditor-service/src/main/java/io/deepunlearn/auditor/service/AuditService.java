package io.deepunlearn.auditor.service;

import io.deepunlearn.auditor.metrics.AuditorMetrics;
import io.deepunlearn.pipeline.event.AuditCompleted;
import io.deepunlearn.pipeline.event.AuditMetrics;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.RequestStatusChanged;
import io.deepunlearn.pipeline.event.RetrainRequested;
import io.deepunlearn.pipeline.event.UnlearningCompleted;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ErasureReceipt;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.Hashes;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.RequestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits an unlearned version: measures it and the pre-erasure version on the same population
 * ({@link ModelEvaluator}), decides pass / fail / inconclusive ({@link VerdictRule}), publishes audit-completed,
 * then releases the version (pass, or inconclusive under the RELEASE policy) or asks for an exact retrain, and
 * writes one erasure receipt per request to the evidence bucket. A redelivered event whose receipts all exist is a
 * no-op.
 */
public class AuditService {

    private static final Logger LOG = LoggerFactory.getLogger(AuditService.class);

    private final CheckpointStore checkpoints;
    private final RequestStore requests;
    private final EvidenceStore evidence;
    private final EventPublisher publisher;
    private final Topics topics;
    private final ModelEvaluator evaluator;
    private final AuditThresholds thresholds;
    private final VerdictRule rule;
    private final InconclusivePolicy policy;
    private final AuditorMetrics metrics;

    public AuditService(CheckpointStore checkpoints, RequestStore requests, EvidenceStore evidence,
                        EventPublisher publisher, Topics topics, ModelEvaluator evaluator, AuditThresholds thresholds,
                        InconclusivePolicy policy, AuditorMetrics metrics) {
        this.checkpoints = checkpoints;
        this.requests = requests;
        this.evidence = evidence;
        this.publisher = publisher;
        this.topics = topics;
        this.evaluator = evaluator;
        this.thresholds = thresholds;
        this.rule = new VerdictRule(thresholds);
        this.policy = policy;
        this.metrics = metrics;
    }

    public void audit(UnlearningCompleted e) {
        if (e.requestIds().stream().allMatch(id -> evidence.find(id).isPresent())) {
            LOG.info("audit of {}@{} already done (redelivery)", e.modelId(), e.result().version());
            return;
        }
        long start = System.nanoTime();
        ModelManifest version = checkpoints.manifest(e.modelId(), e.result().version());
        ModelManifest previous = checkpoints.manifest(e.modelId(), e.base().version());
        Evaluation ev = evaluator.evaluate(version, checkpoints.load(e.result()), e.forgetSampleIds(), previous,
                checkpoints.load(e.base()));
        AuditMetrics m = ev.metrics();
        Verdict verdict = rule.decide(m, ev.ulira());
        String outcome = verdict.outcome();
        List<String> reasons = verdict.reasons();
        Instant now = Instant.now();
        publisher.publish(topics.auditCompleted(), new AuditCompleted(AuditCompleted.SCHEMA_VERSION, e.modelId(),
                e.requestIds(), e.result(), e.method(), outcome, reasons, verdict.summary(), m, ev.ulira(), now), null);
        e.requestIds().forEach(id -> status(id, e.modelId(), RequestStatus.AUDITED, outcome, e.result().version()));

        String resolution = verdict.resolution(policy);
        if (verdict.releases(policy)) {
            checkpoints.release(e.modelId(), e.result().version(), "audit " + outcome);
            e.requestIds().forEach(id -> status(id, e.modelId(), RequestStatus.PUBLISHED, null, e.result().version()));
        } else {
            String why = reasons.isEmpty() ? verdict.summary() : String.join("; ", reasons);
            publisher.publish(topics.retrainRequested(), new RetrainRequested(RetrainRequested.SCHEMA_VERSION,
                    e.modelId(), e.requestIds(), e.result().version(), why, now), null);
            e.requestIds().forEach(id -> status(id, e.modelId(), RequestStatus.RETRAINING, why, e.result().version()));
        }
        // read once per audit, not once per receipt: a coalesced run can carry a thousand requests, and the
        // version's manifest lists every trained, held-out and forgotten sample id
        String datasetId = version.datasetId();
        Set<Integer> runSamples = Set.copyOf(e.forgetSampleIds());
        for (String requestId : e.requestIds()) {
            if (evidence.putIfAbsent(receipt(e, requestId, datasetId, runSamples, ev, verdict, resolution, now))) {
                metrics.receipt();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        metrics.audited(e.method(), outcome, m, ev.ulira(), took);
        LOG.info("audit of {}@{} ({}): {} mia={} (pre-erasure {}, band {}) test={} (was {}) ulira={} in {} ms",
                e.modelId(), e.result().version(), e.method(), outcome, m.mia(), m.preErasureMia(), m.miaNoiseFloor(),
                m.testAccuracy(), m.previousTestAccuracy(), ev.ulira().measured() ? ev.ulira().auc() : ev.ulira().status(),
                took.toMillis());
    }

    private ErasureReceipt receipt(UnlearningCompleted e, String requestId, String datasetId, Set<Integer> runSamples,
                                   Evaluation ev, Verdict verdict, String resolution, Instant now) {
        // this request's own samples when its record is readable, else the whole run's forget set
        List<Integer> samples = requests.find(requestId).map(r -> r.sampleIds().stream().filter(runSamples::contains).toList())
                .filter(l -> !l.isEmpty()).orElse(e.forgetSampleIds());
        return new ErasureReceipt(ErasureReceipt.SCHEMA_VERSION, requestId, e.modelId(), datasetId,
                samples.stream().map(id -> Hashes.sampleRef(datasetId, id)).toList(), e.method(), e.base(), e.result(),
                verdict.outcome(), verdict.reasons(), verdict.summary(), ev.metrics(), ev.ulira(), thresholds.asMap(),
                resolution, e.completedAt(), now);
    }

    private void status(String requestId, String modelId, RequestStatus s, String reason, String version) {
        publisher.publish(topics.requestStatus(), requestId, new RequestStatusChanged(RequestStatusChanged.SCHEMA_VERSION,
                requestId, modelId, s, reason, version, Instant.now()), null);
    }
}
