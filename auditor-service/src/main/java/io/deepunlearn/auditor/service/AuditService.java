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
import io.deepunlearn.pipeline.security.Pseudonymizer;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ErasureReceipt;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.RequestStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits an unlearned version: measures it ({@link ModelEvaluator}), compares with the thresholds and the previous
 * version, publishes audit-completed, then either releases the version or asks for an exact retrain, and writes one
 * erasure receipt per request to the evidence bucket. A redelivered event whose receipts all exist is a no-op.
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
    private final AuditorMetrics metrics;
    private final Pseudonymizer pseudonyms;
    private final ReleaseGuard guard;

    public AuditService(CheckpointStore checkpoints, RequestStore requests, EvidenceStore evidence,
                        EventPublisher publisher, Topics topics, ModelEvaluator evaluator, AuditThresholds thresholds,
                        AuditorMetrics metrics, Pseudonymizer pseudonyms) {
        this.pseudonyms = pseudonyms;
        this.guard = new ReleaseGuard(checkpoints, requests);
        this.checkpoints = checkpoints;
        this.requests = requests;
        this.evidence = evidence;
        this.publisher = publisher;
        this.topics = topics;
        this.evaluator = evaluator;
        this.thresholds = thresholds;
        this.metrics = metrics;
    }

    /** The verdict on measured metrics (pure; reasons name each failed criterion). */
    public List<String> failures(AuditMetrics m) {
        List<String> reasons = new ArrayList<>();
        if (m.mia() > thresholds.miaMax()) {
            reasons.add(String.format("MIA accuracy %.3f above the maximum %.3f", m.mia(), thresholds.miaMax()));
        }
        double drop = m.previousTestAccuracy() - m.testAccuracy();
        if (drop > thresholds.maxTestAccuracyDrop()) {
            reasons.add(String.format("test accuracy fell by %.3f (from %.3f to %.3f), more than %.3f",
                    drop, m.previousTestAccuracy(), m.testAccuracy(), thresholds.maxTestAccuracyDrop()));
        }
        return reasons;
    }

    public void audit(UnlearningCompleted e) {
        if (e.requestIds().stream().allMatch(id -> evidence.find(id).isPresent())) {
            LOG.info("audit of {}@{} already done (redelivery)", e.modelId(), e.result().version());
            return;
        }
        long start = System.nanoTime();
        // lineage and provenance first: a forged or replayed event is refused before anything is measured or released
        ModelManifest version = guard.check(e);
        ModelManifest previous = checkpoints.manifest(e.modelId(), e.base().version());
        AuditMetrics m = evaluator.evaluate(version, checkpoints.load(e.result()), e.forgetSampleIds(), previous,
                checkpoints.load(e.base()));
        List<String> reasons = failures(m);
        String outcome = reasons.isEmpty() ? AuditCompleted.PASS : AuditCompleted.FAIL;
        Instant now = Instant.now();
        publisher.publish(topics.auditCompleted(), new AuditCompleted(AuditCompleted.SCHEMA_VERSION, e.modelId(),
                e.requestIds(), e.result(), e.method(), outcome, reasons, m, now), null);
        e.requestIds().forEach(id -> status(id, e.modelId(), RequestStatus.AUDITED, outcome, e.result().version()));

        String resolution;
        if (reasons.isEmpty()) {
            checkpoints.release(e.modelId(), e.result().version(), "audit passed");
            resolution = "released";
            e.requestIds().forEach(id -> status(id, e.modelId(), RequestStatus.PUBLISHED, null, e.result().version()));
        } else {
            resolution = "retrain-requested";
            publisher.publish(topics.retrainRequested(), new RetrainRequested(RetrainRequested.SCHEMA_VERSION,
                    e.modelId(), e.requestIds(), e.result().version(), String.join("; ", reasons), now), null);
            e.requestIds().forEach(id -> status(id, e.modelId(), RequestStatus.RETRAINING, String.join("; ", reasons),
                    e.result().version()));
        }
        // read once per audit, not once per receipt: a coalesced run can carry a thousand requests, and the
        // version's manifest lists every trained, held-out and forgotten sample id
        String datasetId = version.datasetId();
        Set<Integer> runSamples = Set.copyOf(e.forgetSampleIds());
        for (String requestId : e.requestIds()) {
            if (evidence.putIfAbsent(receipt(e, requestId, datasetId, runSamples, m, outcome, reasons, resolution, now))) {
                metrics.receipt();
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        metrics.audited(e.method(), outcome, m, took);
        LOG.info("audit of {}@{} ({}): {} mia={} test={} (was {}) in {} ms", e.modelId(), e.result().version(), e.method(),
                outcome, m.mia(), m.testAccuracy(), m.previousTestAccuracy(), took.toMillis());
    }

    private ErasureReceipt receipt(UnlearningCompleted e, String requestId, String datasetId, Set<Integer> runSamples,
                                   AuditMetrics m, String outcome, List<String> reasons, String resolution, Instant now) {
        // this request's own samples when its record is readable, else the whole run's forget set
        List<Integer> samples = requests.find(requestId).map(r -> r.sampleIds().stream().filter(runSamples::contains).toList())
                .filter(l -> !l.isEmpty()).orElse(e.forgetSampleIds());
        return new ErasureReceipt(ErasureReceipt.SCHEMA_VERSION, requestId, e.modelId(), datasetId,
                samples.stream().map(id -> pseudonyms.sampleRef(datasetId, id)).toList(), e.method(), e.base(), e.result(),
                outcome, reasons, m, thresholds.asMap(), resolution, e.completedAt(), now);
    }

    private void status(String requestId, String modelId, RequestStatus s, String reason, String version) {
        publisher.publish(topics.requestStatus(), requestId, new RequestStatusChanged(RequestStatusChanged.SCHEMA_VERSION,
                requestId, modelId, s, reason, version, Instant.now()), null);
    }
}
