package io.deepunlearn.auditor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.deepunlearn.infra.testing.PipelineTestResource;
import io.deepunlearn.infra.testing.PoisonRecords;
import io.deepunlearn.infra.testing.TopicProbe;
import io.deepunlearn.pipeline.event.AuditCompleted;
import io.deepunlearn.pipeline.event.CheckpointPublished;
import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.CloudEvents;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.event.UnlearningCompleted;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.ml.ModelTrainer;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.Hashes;
import io.deepunlearn.pipeline.cdi.PipelineSettings;
import io.deepunlearn.pipeline.security.Pseudonymizer;
import io.deepunlearn.pipeline.security.SecuritySettings;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.security.Roles;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import io.quarkus.test.common.WithTestResource;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The auditor against the real in-process broker and S3 server: evaluation, verdict, release, receipt, metrics. */
@Tag("slow") // not in the fast tier (-Pfast): starts Quarkus with embedded Kafka and S3
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(SecretsTestResource.class)
class AuditPipelineTest {

    /** Every call of this class authenticates as a RECEIPT_READER (the security matrix is EndpointSecurityTest). */
    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = new RequestSpecBuilder().addHeader("Authorization", "Bearer "
                + SecretsTestResource.secrets().token("auditor-1", java.time.Duration.ofMinutes(30), Roles.RECEIPT_READER)).build();
    }

    @AfterEach
    void anonymousAgain() {
        RestAssured.requestSpecification = null;
    }

    @Inject
    CheckpointStore checkpoints;
    @Inject
    ManifestStore manifests;
    @Inject
    EvidenceStore evidence;
    @Inject
    Topics topics;
    @Inject
    Pseudonymizer pseudonyms;
    @Inject
    RequestLifecycle lifecycle;
    @Inject
    RequestStore requests;
    @Inject
    ObjectStore store;
    @Inject
    PipelineSettings settings;
    @Inject
    TombstoneStore tombstones;

    /** Versions are written by the trainer and the unlearner, signed with their keys: the auditor's own is not trusted. */
    CheckpointStore trainerStore() {
        return SecretsTestResource.trainerCheckpoints(store, settings.buckets().models());
    }

    /**
     * Poison records on both topics the auditor consumes (null value, garbage, oversize, null ids, unknown model or
     * version, requests never received or another model's, samples outside the model's dataset): each is
     * dead-lettered with its reason, no request moves, nothing is audited or tombstoned, the service stays healthy.
     */
    @Test
    void poisonRecordsOnBothTopicsAreDeadLetteredWithTheirReason() {
        String bootstrap = PipelineTestResource.infrastructure().kafka().bootstrapServers();
        TrainingSpec spec = new TrainingSpec("synthetic", 240, 60, "small-cnn", 0, 1, 32, 0.05);
        ModelManifest base = checkpoints.latest("aud-p").orElseGet(() ->
                ModelTrainer.trainAndPublish("aud-p", spec, "test:original", null, Set.of(), manifests, trainerStore()));
        List<Integer> samples = base.trainSampleIds().subList(0, 3);
        lifecycle.receive(new ForgetRequested(1, "fr-aud-p1", "aud-p", base.datasetId(), null, samples, null, Instant.now()));
        lifecycle.receive(new ForgetRequested(1, "fr-aud-q1", "aud-q", base.datasetId(), null, samples, null, Instant.now()));
        Set<Integer> tombstonedBefore = tombstones.union(base.datasetId());

        var ghost = new io.deepunlearn.pipeline.event.ModelVersionRef("aud-ghost", "000001-abc", "k", "0".repeat(64), null);
        var missing = new io.deepunlearn.pipeline.event.ModelVersionRef("aud-p", "000099-abc", "k", "0".repeat(64), null);
        String nullIds = "{\"schemaVersion\":1,\"modelId\":\"aud-p\",\"requestIds\":[null],\"method\":\"FT\","
                + "\"base\":null,\"result\":null,\"forgetSampleIds\":[1],\"durationSeconds\":1.0,"
                + "\"completedAt\":\"2026-01-01T00:00:00Z\"}";
        TopicProbe.send(bootstrap, topics.unlearningCompleted(), "poison-null-ids", nullIds.getBytes(StandardCharsets.UTF_8));
        Map<String, UnlearningCompleted> completions = Map.of(
                "poison-no-model", completion("aud-ghost", List.of("fr-aud-p1"), ghost, ghost, samples),
                "poison-unknown-version", completion("aud-p", List.of("fr-aud-p1"), base.ref(), missing, samples),
                "poison-never-received", completion("aud-p", List.of("fr-never"), base.ref(), base.ref(), samples),
                "poison-other-model", completion("aud-p", List.of("fr-aud-q1"), base.ref(), base.ref(), samples),
                "poison-foreign-dataset", completion("aud-p", List.of("fr-aud-p1"), base.ref(), base.ref(),
                        List.of(999_999)));
        completions.forEach((key, e) -> TopicProbe.send(bootstrap, topics.unlearningCompleted(), key, EventCodec.encode(e)));
        PoisonRecords.sendGeneric(bootstrap, topics.unlearningCompleted());

        Map<String, CheckpointPublished> published = Map.of(
                "poison-no-model", announce("aud-ghost", ghost, base.datasetId()),
                "poison-unknown-version", announce("aud-p", missing, base.datasetId()),
                "poison-null-checkpoint", announce("aud-p", null, base.datasetId()),
                "poison-foreign-dataset", announce("aud-p", base.ref(), "other-dataset"));
        published.forEach((key, e) -> TopicProbe.send(bootstrap, topics.checkpointPublished(), key, EventCodec.encode(e)));
        PoisonRecords.sendGeneric(bootstrap, topics.checkpointPublished());

        Set<String> keys = new java.util.HashSet<>(completions.keySet());
        keys.add("poison-null-ids");
        keys.addAll(PoisonRecords.genericKeys());
        Map<String, String> reasons = PoisonRecords.awaitReasons(bootstrap, topics.unlearningCompleted(), keys,
                Duration.ofSeconds(90));
        assertThat(reasons.get("poison-null-ids")).contains("requestIds is empty or holds null");
        assertThat(reasons.get("poison-no-model")).contains("unknown model aud-ghost");
        assertThat(reasons.get("poison-unknown-version")).contains("unknown version aud-p@000099-abc");
        assertThat(reasons.get("poison-never-received")).contains("no record of request fr-never");
        assertThat(reasons.get("poison-other-model")).contains("request fr-aud-q1 is for model aud-q, not aud-p");
        assertThat(reasons.get("poison-foreign-dataset")).contains("forgetSampleIds [999999] are not in dataset");
        assertThat(reasons.get(PoisonRecords.NULL_VALUE)).contains("empty payload");
        assertThat(reasons.get(PoisonRecords.GARBAGE)).contains("malformed UnlearningCompleted JSON");
        assertThat(reasons.get(PoisonRecords.OVERSIZE)).contains("oversize record");

        Set<String> checkpointKeys = new java.util.HashSet<>(published.keySet());
        checkpointKeys.addAll(PoisonRecords.genericKeys());
        Map<String, String> checkpointReasons = PoisonRecords.awaitReasons(bootstrap, topics.checkpointPublished(),
                checkpointKeys, Duration.ofSeconds(90));
        assertThat(checkpointReasons.get("poison-no-model")).contains("unknown model aud-ghost");
        assertThat(checkpointReasons.get("poison-unknown-version")).contains("unknown version aud-p@000099-abc");
        assertThat(checkpointReasons.get("poison-null-checkpoint")).contains("unknown version aud-p@null");
        assertThat(checkpointReasons.get("poison-foreign-dataset")).contains("dataset other-dataset is not the dataset of aud-p@");
        assertThat(checkpointReasons.get(PoisonRecords.NULL_VALUE)).contains("empty payload");
        assertThat(checkpointReasons.get(PoisonRecords.GARBAGE)).contains("malformed CheckpointPublished JSON");
        assertThat(checkpointReasons.get(PoisonRecords.OVERSIZE)).contains("oversize record");

        assertThat(lifecycle.find("fr-aud-p1").orElseThrow().status()).isEqualTo(RequestStatus.RECEIVED);
        assertThat(lifecycle.find("fr-aud-q1").orElseThrow().status()).isEqualTo(RequestStatus.RECEIVED);
        assertThat(lifecycle.find("fr-never")).isEmpty();
        assertThat(evidence.find("fr-aud-p1")).isEmpty();
        assertThat(tombstones.union(base.datasetId())).isEqualTo(tombstonedBefore);
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    static UnlearningCompleted completion(String modelId, List<String> requestIds,
            io.deepunlearn.pipeline.event.ModelVersionRef base, io.deepunlearn.pipeline.event.ModelVersionRef result,
            List<Integer> forget) {
        return new UnlearningCompleted(1, modelId, requestIds, "FT", base, result, forget, 1.0, Instant.now());
    }

    static CheckpointPublished announce(String modelId, io.deepunlearn.pipeline.event.ModelVersionRef checkpoint,
            String datasetId) {
        return new CheckpointPublished(1, modelId, "job-poison", "original", checkpoint, null, datasetId, List.of(),
                Instant.now());
    }

    @Test
    void aDoNothingVersionNeverPassesAndItsReceiptIsPseudonymous() {
        TrainingSpec spec = new TrainingSpec("synthetic", 240, 60, "small-cnn", 0, 1, 32, 0.05);
        CheckpointStore trainer = trainerStore();
        ModelManifest base = ModelTrainer.trainAndPublish("aud-a", spec, "test:original", null, Set.of(), manifests, trainer);
        List<Integer> forget = base.trainSampleIds().subList(0, 20);
        // stands in for an unlearning run: same weights, lineage says the samples are forgotten
        ModelManifest unlearned = trainer.publish(checkpoints.load(base.ref()),
                base.successor("unlearner:FT", forget, List.of("fr-aud-1")));
        String bootstrap = PipelineTestResource.infrastructure().kafka().bootstrapServers();
        // the unlearner's side of the lifecycle: the request was received and unlearned (the auditor releases only
        // runs the pipeline recorded)
        lifecycle.receive(new ForgetRequested(1, "fr-aud-1", "aud-a", base.datasetId(), null, forget, null, Instant.now()));
        TopicProbe.send(bootstrap, topics.unlearningCompleted(), "aud-a", EventCodec.encode(new UnlearningCompleted(1,
                "aud-a", List.of("fr-aud-1"), "FT", base.ref(), unlearned.ref(), forget, 0.5, Instant.now())));

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
            RequestStatus s = lifecycle.find("fr-aud-1").orElseThrow().status();
            return s == RequestStatus.PUBLISHED || s == RequestStatus.RETRAINING;
        });
        var audits = TopicProbe.readUntil(bootstrap, topics.auditCompleted(), r -> "aud-a".equals(r.key()), Duration.ofSeconds(20));
        AuditCompleted verdict = EventCodec.decode(audits.get(audits.size() - 1).value(), AuditCompleted.class,
                AuditCompleted.SCHEMA_VERSION);
        assertThat(verdict.outcome()).as("same weights as the pre-erasure model: never a pass").isIn("fail", "inconclusive");
        if (verdict.outcome().equals("fail")) {
            // a failed audit asks for an exact retrain; the receipt waits for the retrained version (the trainer)
            var record = lifecycle.find("fr-aud-1").orElseThrow();
            assertThat(record.status()).isEqualTo(RequestStatus.RETRAINING);
            assertThat(record.receipt().resolution()).isEqualTo("retrained");
            assertThat(record.receipt().sampleHashes()).hasSize(20);
            given().get("/api/v1/receipts/fr-aud-1").then().statusCode(404);
            TopicProbe.readUntil(bootstrap, topics.retrainRequested(), r -> "aud-a".equals(r.key()), Duration.ofSeconds(20));
            return;
        }
        given().get("/api/v1/receipts/fr-aud-1").then().statusCode(200)
                .body("modelId", equalTo("aud-a"))
                .body("unlearnedVersion.sha256", equalTo(unlearned.sha256()))
                .body("sampleHashes[0]", equalTo(pseudonyms.sampleRef(base.datasetId(), forget.get(0))))
                .body("thresholds.miaMax", equalTo(0.6f));
        var receipt = evidence.find("fr-aud-1").orElseThrow();
        assertThat(receipt.sampleHashes()).hasSize(20).allMatch(h -> h.matches("local-1:[0-9a-f]{64}"));
        assertThat(receipt.metrics().mia()).isBetween(0.0, 1.0);
        assertThat(receipt.metrics().indiscernibility()).isEqualTo(1 - Math.abs(2 * receipt.metrics().mia() - 1));
        String json = new String(EventCodec.encode(receipt), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("\"sampleIds\"").doesNotContain("subject-");

        // the "unlearned" version has the original's weights: the control equals the audited figure, so no audit of
        // it can pass (fail when the model shows a signal, inconclusive when it does not)
        assertThat(verdict.outcome()).isEqualTo(receipt.outcome()).isEqualTo("inconclusive");
        assertThat(receipt.metrics().preErasureMia()).isEqualTo(receipt.metrics().mia());
        assertThat(receipt.summary()).startsWith(verdict.outcome() + ":").contains("pre-erasure");
        assertThat(receipt.ulira().status()).isEqualTo("unavailable");
        assertThat(receipt.metrics().miaSamplesPerGroup()).isEqualTo(20);
        // default policy: release, with the caveat
        assertThat(checkpoints.releasedVersion("aud-a")).contains(unlearned.version());
        var weights = checkpoints.released("aud-a").orElseThrow().weights(); // written before release.json named it
        assertThat(weights.key()).isEqualTo("models/aud-a/versions/" + unlearned.version() + "/model.safetensors");
        assertThat(PipelineTestResource.infrastructure().s3().read(checkpoints.bucket(), weights.key()))
                .hasValueSatisfying(b -> assertThat(Hashes.sha256(b)).isEqualTo(weights.sha256()));
        assertThat(receipt.resolution()).isEqualTo("released-with-caveat");
        assertThat(lifecycle.find("fr-aud-1").orElseThrow().status()).isEqualTo(RequestStatus.PUBLISHED);
        var statuses = TopicProbe.readUntil(bootstrap, topics.requestStatus(),
                r -> "fr-aud-1".equals(r.key()) && new String(r.value(), StandardCharsets.UTF_8).contains("AUDITING"),
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
        // a redelivery of the same completion is a no-op: the request is past AUDITING
        TopicProbe.send(bootstrap, topics.unlearningCompleted(), "aud-a", EventCodec.encode(new UnlearningCompleted(1,
                "aud-a", List.of("fr-aud-1"), "FT", base.ref(), unlearned.ref(), forget, 0.5, Instant.now())));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                lifecycle.find("fr-aud-1").orElseThrow().status() == RequestStatus.PUBLISHED);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/receipts/{requestId}"));
    }
}
