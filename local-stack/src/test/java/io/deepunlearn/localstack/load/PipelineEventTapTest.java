package io.deepunlearn.localstack.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PipelineEventTapTest {

    static byte[] json(String s) {
        return s.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void statusRunsAndAuditsAreReadFromTheirTopics() {
        PipelineObservations o = new PipelineObservations();
        PipelineEventTap.apply(o, PipelineEventTap.STATUS_TOPIC,
                json("{'requestId':'fr-1','status':'UNLEARNING','reason':null,'version':'000001-a'}"), null, 5);
        assertThat(o.auditedAt("fr-1")).isEmpty();
        PipelineEventTap.apply(o, PipelineEventTap.STATUS_TOPIC,
                json("{'requestId':'fr-1','status':'AUDITED','reason':'pass','version':'000002-b'}"), null, 10);
        PipelineEventTap.apply(o, PipelineEventTap.STATUS_TOPIC,
                json("{'requestId':'fr-1','status':'AUDITED','reason':'pass','version':'000002-b'}"), null, 99);
        assertThat(o.auditedAt("fr-1")).as("first sighting wins").contains(10L);
        PipelineEventTap.apply(o, PipelineEventTap.STATUS_TOPIC,
                json("{'requestId':'fr-2','status':'FAILED','reason':'cannot run','version':null}"), null, 12);
        assertThat(o.failure("fr-2")).contains("cannot run");
        assertThat(o.settled("fr-2")).isTrue();

        PipelineEventTap.apply(o, PipelineEventTap.UNLEARNED_TOPIC,
                json("{'modelId':'m','requestIds':['fr-1','fr-3'],'result':{'version':'000002-b'}}"), null, 11);
        PipelineEventTap.apply(o, PipelineEventTap.AUDITED_TOPIC,
                json("{'modelId':'m','requestIds':['fr-1','fr-3'],'version':{'version':'000002-b'},'outcome':'fail'}"), null, 12);
        assertThat(o.runsFor(java.util.List.of("fr-3"))).containsOnlyKeys("000002-b");
        assertThat(o.audit("000002-b")).get().extracting(PipelineObservations.Audit::outcome).isEqualTo("fail");
        assertThat(o.versionsOf("fr-1")).containsExactly("000002-b");
        assertThat(o.runsFor(java.util.List.of("fr-9"))).isEmpty();
    }

    @Test
    void aDeadLetteredAuditOrAPublicationWithoutAuditSettlesTheRequestAsFailed() {
        PipelineObservations o = new PipelineObservations();
        PipelineEventTap.apply(o, PipelineEventTap.AUDIT_DLQ_TOPIC,
                json("{'modelId':'m','requestIds':['fr-1'],'result':{'version':'000002-b'}}"),
                "audit failed: MIA needs at least 10 samples per group, got 2", 5);
        assertThat(o.failure("fr-1")).contains("audit dead-lettered: audit failed: MIA needs at least 10 samples per group, got 2");
        PipelineEventTap.apply(o, PipelineEventTap.STATUS_TOPIC,
                json("{'requestId':'fr-2','status':'PUBLISHED','reason':'nothing to unlearn','version':'000003-c'}"), null, 6);
        assertThat(o.failure("fr-2")).get().asString().contains("published without an audit");
        // a publication after the audit (release or exact retrain) is the normal end
        PipelineEventTap.apply(o, PipelineEventTap.STATUS_TOPIC,
                json("{'requestId':'fr-3','status':'AUDITED','reason':'fail','version':'000003-c'}"), null, 7);
        PipelineEventTap.apply(o, PipelineEventTap.STATUS_TOPIC,
                json("{'requestId':'fr-3','status':'PUBLISHED','reason':'exact retrain','version':'000004-d'}"), null, 8);
        assertThat(o.failure("fr-3")).isEmpty();
    }

    @Test
    void unreadableRecordsAreIgnored() {
        PipelineObservations o = new PipelineObservations();
        PipelineEventTap.apply(o, PipelineEventTap.STATUS_TOPIC, "not json at all".getBytes(StandardCharsets.UTF_8), null, 1);
        PipelineEventTap.apply(o, PipelineEventTap.AUDITED_TOPIC, null, null, 1);
        PipelineEventTap.apply(o, PipelineEventTap.AUDITED_TOPIC, json("[1,2]"), null, 1);
        assertThat(o.runsFor(java.util.List.of("x"))).isEmpty();
    }
}
