package io.deepunlearn.localstack.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.pipeline.event.AuditCompleted;
import io.deepunlearn.pipeline.event.AuditMetrics;
import io.deepunlearn.pipeline.event.UliraFigures;
import io.deepunlearn.pipeline.event.ModelVersionRef;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.RequestStatusChanged;
import io.deepunlearn.pipeline.event.UnlearningCompleted;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineEventTapTest {

    static final Topics TOPICS = Topics.defaults();

    static byte[] json(String s) {
        return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    static byte[] status(String requestId, RequestStatus status, String reason, String version) {
        return EventCodec.encode(new RequestStatusChanged(RequestStatusChanged.SCHEMA_VERSION, requestId, "m", status,
                reason, version, Instant.EPOCH));
    }

    static ModelVersionRef ref(String version) {
        return new ModelVersionRef("m", version, "models/m/versions/" + version + "/checkpoint.bin", "ab", null);
    }

    static byte[] unlearned(String version, List<String> requestIds) {
        return EventCodec.encode(new UnlearningCompleted(UnlearningCompleted.SCHEMA_VERSION, "m", requestIds, "ft",
                ref("000001-a"), ref(version), List.of(1, 2), 1.5, Instant.EPOCH));
    }

    static byte[] audited(String version, String outcome, List<String> requestIds) {
        return EventCodec.encode(new AuditCompleted(AuditCompleted.SCHEMA_VERSION, "m", requestIds, ref(version), "ft",
                outcome, List.of(), outcome + ": test", new AuditMetrics(0.9, 0.8, 0.85, 0.84, 0.5, 1.0, 0.86, 0.6, 0.95, 20,
                0.12), UliraFigures.unavailable("no shadows in this test"), Instant.EPOCH));
    }

    @Test
    void statusRunsAndAuditsAreReadFromTheirTopics() {
        PipelineObservations o = new PipelineObservations();
        PipelineEventTap.apply(o, TOPICS.requestStatus(), status("fr-1", RequestStatus.UNLEARNING, null, "000001-a"), null, 5);
        assertThat(o.auditedAt("fr-1")).isEmpty();
        PipelineEventTap.apply(o, TOPICS.requestStatus(), status("fr-1", RequestStatus.AUDITING, null, "000002-b"), null, 9);
        assertThat(o.auditedAt("fr-1")).as("an audit in progress is not an audited model").isEmpty();
        PipelineEventTap.apply(o, TOPICS.requestStatus(), status("fr-1", RequestStatus.PUBLISHED, null, "000002-b"), null, 10);
        PipelineEventTap.apply(o, TOPICS.requestStatus(), status("fr-1", RequestStatus.PUBLISHED, null, "000002-b"), null, 99);
        assertThat(o.auditedAt("fr-1")).as("first sighting wins").contains(10L);
        PipelineEventTap.apply(o, TOPICS.requestStatus(), status("fr-2", RequestStatus.FAILED, "cannot run", null), null, 12);
        assertThat(o.failure("fr-2")).contains("cannot run");
        assertThat(o.settled("fr-2")).isTrue();

        PipelineEventTap.apply(o, TOPICS.unlearningCompleted(), unlearned("000002-b", List.of("fr-1", "fr-3")), null, 11);
        PipelineEventTap.apply(o, TOPICS.auditCompleted(), audited("000002-b", AuditCompleted.FAIL, List.of("fr-1", "fr-3")),
                null, 12);
        assertThat(o.runsFor(List.of("fr-3"))).containsOnlyKeys("000002-b");
        assertThat(o.audit("000002-b")).get().extracting(PipelineObservations.Audit::outcome).isEqualTo("fail");
        assertThat(o.versionsOf("fr-1")).containsExactly("000002-b");
        assertThat(o.runsFor(List.of("fr-9"))).isEmpty();
    }

    @Test
    void aDeadLetteredAuditSettlesTheRequestAsFailedAndAnAuditOutcomeDoesNot() {
        PipelineObservations o = new PipelineObservations();
        PipelineEventTap.apply(o, Topics.deadLetter(TOPICS.unlearningCompleted()), unlearned("000002-b", List.of("fr-1")),
                "audit failed: MIA needs at least 10 samples per group, got 2", 5);
        assertThat(o.failure("fr-1")).contains("audit dead-lettered: audit failed: MIA needs at least 10 samples per group, got 2");
        // every publication follows an audit (a request with nothing to unlearn is audited as-is and gets a receipt)
        PipelineEventTap.apply(o, TOPICS.requestStatus(),
                status("fr-2", RequestStatus.PUBLISHED, "nothing to unlearn", "000003-c"), null, 6);
        assertThat(o.failure("fr-2")).isEmpty();
        assertThat(o.auditedAt("fr-2")).contains(6L);
        // a failed audit (RETRAINING) marks the audited model; the exact retrain's publication is the normal end
        PipelineEventTap.apply(o, TOPICS.requestStatus(), status("fr-3", RequestStatus.RETRAINING, "fail", "000003-c"), null, 7);
        PipelineEventTap.apply(o, TOPICS.requestStatus(),
                status("fr-3", RequestStatus.PUBLISHED, "exact retrain", "000004-d"), null, 8);
        assertThat(o.failure("fr-3")).isEmpty();
        assertThat(o.auditedAt("fr-3")).contains(7L);
    }

    @Test
    void unreadableRecordsAreIgnored() {
        PipelineObservations o = new PipelineObservations();
        PipelineEventTap.apply(o, TOPICS.requestStatus(), "not json at all".getBytes(StandardCharsets.UTF_8), null, 1);
        PipelineEventTap.apply(o, TOPICS.auditCompleted(), null, null, 1);
        PipelineEventTap.apply(o, TOPICS.auditCompleted(), json("[1,2]"), null, 1);
        // a payload of another shape (here a partial audit) is not an event of the topic
        PipelineEventTap.apply(o, TOPICS.auditCompleted(), json("{'modelId':'m','requestIds':['x'],'outcome':'fail'}"), null, 1);
        assertThat(o.runsFor(List.of("x"))).isEmpty();
        assertThat(o.versionsOf("x")).isEmpty();
    }
}
