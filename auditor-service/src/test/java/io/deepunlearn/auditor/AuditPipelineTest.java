package io.deepunlearn.auditor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.deepunlearn.localstack.testing.PipelineTestResource;
import io.deepunlearn.localstack.testing.TopicProbe;
import io.deepunlearn.pipeline.event.AuditCompleted;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.event.UnlearningCompleted;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.ml.ModelTrainer;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.Hashes;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The auditor against the real in-process broker and S3 server: evaluation, verdict, release, receipt, metrics. */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
class AuditPipelineTest {

    @Inject
    CheckpointStore checkpoints;
    @Inject
    ManifestStore manifests;
    @Inject
    EvidenceStore evidence;
    @Inject
    Topics topics;

    @Test
    void auditsAnUnlearnedVersionReleasesItAndServesAPseudonymousReceipt() {
        TrainingSpec spec = new TrainingSpec("synthetic", 240, 60, "small-cnn", 0, 1, 32, 0.05);
        ModelManifest base = ModelTrainer.trainAndPublish("aud-a", spec, "test:original", null, Set.of(), manifests, checkpoints);
        List<Integer> forget = base.trainSampleIds().subList(0, 20);
        // stands in for an unlearning run: same weights, lineage says the samples are forgotten
        ModelManifest unlearned = checkpoints.publish(checkpoints.load(base.ref()),
                base.successor("unlearner:FT", forget, List.of("fr-aud-1")));
        String bootstrap = PipelineTestResource.infrastructure().kafka().bootstrapServers();
        TopicProbe.send(bootstrap, topics.unlearningCompleted(), "aud-a", EventCodec.encode(new UnlearningCompleted(1,
                "aud-a", List.of("fr-aud-1"), "FT", base.ref(), unlearned.ref(), forget, 0.5, Instant.now())));

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().get("/api/v1/receipts/fr-aud-1").statusCode() == 200);
        given().get("/api/v1/receipts/fr-aud-1").then().statusCode(200)
                .body("modelId", equalTo("aud-a"))
                .body("unlearnedVersion.sha256", equalTo(unlearned.sha256()))
                .body("sampleHashes[0]", equalTo(Hashes.sampleRef(base.datasetId(), forget.get(0))))
                .body("thresholds.miaMax", equalTo(0.6f));
        var receipt = evidence.find("fr-aud-1").orElseThrow();
        assertThat(receipt.sampleHashes()).hasSize(20).allMatch(h -> h.matches("[0-9a-f]{64}"));
        assertThat(receipt.metrics().mia()).isBetween(0.0, 1.0);
        assertThat(receipt.metrics().indiscernibility()).isEqualTo(1 - Math.abs(2 * receipt.metrics().mia() - 1));
        String json = new String(EventCodec.encode(receipt), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("\"sampleIds\"").doesNotContain("subject-");

        var audits = TopicProbe.readUntil(bootstrap, topics.auditCompleted(), r -> "aud-a".equals(r.key()), Duration.ofSeconds(20));
        AuditCompleted verdict = EventCodec.decode(audits.get(audits.size() - 1).value(), AuditCompleted.class,
                AuditCompleted.SCHEMA_VERSION);
        assertThat(verdict.outcome()).isEqualTo(receipt.outcome());
        // the "unlearned" version has the original's weights: the control equals the audited figure, so no audit of
        // it can pass (fail when the model shows a signal, inconclusive when it does not)
        assertThat(receipt.metrics().preErasureMia()).isEqualTo(receipt.metrics().mia());
        assertThat(verdict.outcome()).isIn("fail", "inconclusive");
        assertThat(receipt.summary()).startsWith(verdict.outcome() + ":").contains("pre-erasure");
        assertThat(receipt.ulira().status()).isEqualTo("unavailable");
        assertThat(receipt.metrics().miaSamplesPerGroup()).isEqualTo(20);
        if (verdict.outcome().equals("inconclusive")) { // default policy: release, with the caveat
            assertThat(checkpoints.releasedVersion("aud-a")).contains(unlearned.version());
            assertThat(receipt.resolution()).isEqualTo("released-with-caveat");
        } else {
            assertThat(receipt.resolution()).isEqualTo("retrain-requested");
        }
        var statuses = TopicProbe.readUntil(bootstrap, topics.requestStatus(),
                r -> "fr-aud-1".equals(r.key()) && new String(r.value(), StandardCharsets.UTF_8).contains("AUDITED"),
                Duration.ofSeconds(20));
        assertThat(statuses).isNotEmpty();

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("audit_results_total{outcome=\"" + verdict.outcome() + "\"} 1.0"))
                .body(containsString("audit_mia_accuracy{method=\"FT\"}"))
                .body(containsString("audit_pre_erasure_mia_accuracy{method=\"FT\"}"))
                .body(containsString("audit_results_total{outcome=\"inconclusive\"}"))
                .body(containsString("audit_ulira_audits_total{state=\"unavailable\"} 1.0"))
                .body(containsString("audit_accuracy{method=\"FT\",split=\"test\"}"))
                .body(containsString("audit_receipts_total 1.0"))
                .body(containsString("audit_duration_seconds_count 1"));
        given().get("/api/v1/receipts/fr-none").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/receipts/{requestId}"));
    }
}
