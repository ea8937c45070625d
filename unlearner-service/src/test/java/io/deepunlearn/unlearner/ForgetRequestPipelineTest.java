package io.deepunlearn.unlearner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.deepunlearn.infra.testing.PipelineTestResource;
import io.deepunlearn.infra.testing.PoisonRecords;
import io.deepunlearn.infra.testing.TopicProbe;
import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.event.UnlearningCompleted;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.CloudEvents;
import io.deepunlearn.pipeline.messaging.DeadLetterFilter;
import io.deepunlearn.pipeline.messaging.DeadLetterReplay;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.ml.ModelTrainer;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.DatasetManifest;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.security.Roles;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import io.quarkus.test.common.WithTestResource;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import jakarta.inject.Inject;

/**
 * The unlearner against a real Kafka broker and a real S3 server (both in-process): REST intake, the worker
 * consuming the topic, coalescing, idempotency, dead letters and metrics. Unlearning uses FT (1 epoch).
 */
@Tag("slow") // not in the fast tier (-Pfast): starts Quarkus with embedded Kafka and S3
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(SecretsTestResource.class)
class ForgetRequestPipelineTest {

    /** Every call of this class authenticates as a ERASURE_REQUESTER (the security matrix is EndpointSecurityTest). */
    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = new RequestSpecBuilder().addHeader("Authorization", "Bearer "
                + SecretsTestResource.secrets().token("controller-a", java.time.Duration.ofMinutes(30), Roles.ERASURE_REQUESTER)).build();
    }

    @AfterEach
    void anonymousAgain() {
        RestAssured.requestSpecification = null;
    }

    static final TrainingSpec SPEC = new TrainingSpec("synthetic", 240, 60, "small-cnn", 0, 1, 32, 0.05);

    @Inject
    CheckpointStore checkpoints;
    @Inject
    ManifestStore manifests;
    @Inject
    Topics topics;
    @Inject
    TombstoneStore tombstones;
    @Inject
    RequestLifecycle lifecycle;

    static String bootstrap() {
        return PipelineTestResource.infrastructure().kafka().bootstrapServers();
    }

    ModelManifest model(String modelId) {
        return checkpoints.latest(modelId).orElseGet(() ->
                ModelTrainer.trainAndPublish(modelId, SPEC, "test:original", null, Set.of(), manifests, checkpoints));
    }

    @BeforeEach
    void seed() {
        model("unl-a");
    }

    /**
     * Follows a request as a receipt reader: requests sent straight to the topic (as another producer would) have
     * no REST owner, so only that role may read their status.
     */
    String awaitStatus(String requestId, String status) {
        String reader = SecretsTestResource.secrets().token("auditor-1", Duration.ofMinutes(30), Roles.RECEIPT_READER);
        var requester = RestAssured.requestSpecification;
        RestAssured.requestSpecification = null;
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> status.equals(
                    given().auth().oauth2(reader).get("/api/v1/forget-requests/" + requestId).then().extract().path("status")));
        } finally {
            RestAssured.requestSpecification = requester;
        }
        return requestId;
    }

    @Test
    void aSubjectIsForgottenInANewVersionAndARepeatIsADuplicate() {
        ModelManifest base = checkpoints.latest("unl-a").orElseThrow();
        DatasetManifest dataset = manifests.load(base.datasetId()).orElseThrow();
        String subject = "subject-3";
        List<Integer> samples = dataset.samplesOf(subject).orElseThrow();

        String requestId = given().contentType(ContentType.JSON)
                .body(Map.of("subjectId", subject, "modelId", "unl-a"))
                .post("/api/v1/forget-requests").then().statusCode(202).body("status", equalTo("accepted"))
                .extract().path("requestId");
        awaitStatus(requestId, "UNLEARNED");

        ModelManifest after = checkpoints.latest("unl-a").orElseThrow();
        assertThat(after.parentVersion()).isEqualTo(base.version());
        assertThat(after.producedBy()).isEqualTo("unlearner:FT");
        assertThat(after.requestIds()).contains(requestId);
        List<Integer> trained = samples.stream().filter(base.trainSampleIds()::contains).toList();
        assertThat(after.forgottenSampleIds()).containsAll(trained);
        assertThat(checkpoints.load(after.ref())).isNotEmpty(); // sha256 verified on load

        List<ConsumerRecord<String, byte[]>> completed = TopicProbe.readUntil(bootstrap(), topics.unlearningCompleted(),
                r -> new String(r.value(), StandardCharsets.UTF_8).contains(requestId), Duration.ofSeconds(20));
        ConsumerRecord<String, byte[]> record = completed.get(completed.size() - 1);
        UnlearningCompleted event = EventCodec.decode(record.value(), UnlearningCompleted.class, 1);
        assertThat(record.key()).isEqualTo("unl-a");
        assertThat(CloudEvents.get(record.headers(), CloudEvents.TYPE)).contains("io.deepunlearn.unlearning-completed.v1");
        assertThat(event.result().sha256()).isEqualTo(after.sha256());
        assertThat(event.base().version()).isEqualTo(base.version());

        int versions = checkpoints.versions("unl-a").size();
        given().contentType(ContentType.JSON).body(Map.of("subjectId", subject, "modelId", "unl-a"))
                .post("/api/v1/forget-requests").then().statusCode(200).body("status", equalTo("duplicate"))
                .body("requestId", equalTo(requestId));

        // the same event redelivered on Kafka is a no-op too
        ForgetRequested again = new ForgetRequested(1, requestId, "unl-a", base.datasetId(), null, trained, null, Instant.now());
        TopicProbe.send(bootstrap(), topics.forgetRequested(), "unl-a", EventCodec.encode(again));
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> checkpoints.versions("unl-a").size() == versions);

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("unlearn_requests_total{status=\"duplicate\"}"))
                .body(containsString("unlearn_runs_total{method=\"FT\",outcome=\"success\"}"))
                .body(containsString("unlearn_duration_seconds_bucket"));
    }

    @Test
    void requestsForOneModelWithinTheWindowRunAsOneUnlearning() {
        ModelManifest base = model("unl-b");
        List<Integer> retain = base.retainSampleIds();
        int before = checkpoints.versions("unl-b").size();
        // two producers' requests for the same model, back to back on the topic
        ForgetRequested r1 = new ForgetRequested(1, "fr-burst-1", "unl-b", base.datasetId(), null, retain.subList(0, 3), null, Instant.now());
        ForgetRequested r2 = new ForgetRequested(1, "fr-burst-2", "unl-b", base.datasetId(), null, retain.subList(3, 5), null, Instant.now());
        TopicProbe.sendAll(bootstrap(), topics.forgetRequested(), "unl-b", List.of(EventCodec.encode(r1), EventCodec.encode(r2)));
        awaitStatus("fr-burst-1", "UNLEARNED");
        awaitStatus("fr-burst-2", "UNLEARNED");
        assertThat(checkpoints.versions("unl-b")).hasSize(before + 1);
        ModelManifest after = checkpoints.latest("unl-b").orElseThrow();
        assertThat(after.requestIds()).contains("fr-burst-1", "fr-burst-2");
        assertThat(after.forgottenSampleIds()).containsAll(retain.subList(0, 5));
        given().get("/q/metrics").then().body(containsString("unlearn_coalesced_requests_max 2.0"));
    }

    @Test
    void samplesTheModelNoLongerHoldsGoToTheAuditWithoutANewVersion() {
        ModelManifest base = model("unl-c");
        int before = checkpoints.versions("unl-c").size();
        // held-out samples: in the dataset, never trained on (as after an exact retrain that left them out)
        List<Integer> absent = base.heldOutSampleIds().subList(0, 2);
        ForgetRequested r = new ForgetRequested(1, "fr-absent-1", "unl-c", base.datasetId(), null, absent, null, Instant.now());
        TopicProbe.send(bootstrap(), topics.forgetRequested(), "unl-c", EventCodec.encode(r));
        awaitStatus("fr-absent-1", "UNLEARNED");
        List<ConsumerRecord<String, byte[]>> completed = TopicProbe.readUntil(bootstrap(), topics.unlearningCompleted(),
                rec -> new String(rec.value(), StandardCharsets.UTF_8).contains("fr-absent-1"), Duration.ofSeconds(20));
        UnlearningCompleted event = EventCodec.decode(completed.get(completed.size() - 1).value(), UnlearningCompleted.class, 1);
        // the auditor checks the current version as it is and writes the receipt
        assertThat(event.requestIds()).containsExactly("fr-absent-1");
        assertThat(event.result()).isEqualTo(event.base());
        assertThat(event.base().version()).isEqualTo(base.version());
        assertThat(event.forgetSampleIds()).containsExactlyElementsOf(absent);
        assertThat(checkpoints.versions("unl-c")).hasSize(before);
    }

    @Test
    void invalidRequestsAreRejectedWithTheReason() {
        given().contentType(ContentType.JSON).body("{\"subjectId\": ").post("/api/v1/forget-requests")
                .then().statusCode(400).body("detail", containsString("malformed JSON"));
        given().contentType(ContentType.JSON).body(Map.of("subjectId", "nobody", "modelId", "unl-a"))
                .post("/api/v1/forget-requests").then().statusCode(404).body("detail", containsString("unknown data subject"));
        given().contentType(ContentType.JSON).body(Map.of("sampleIds", List.of(999_999), "modelId", "unl-a"))
                .post("/api/v1/forget-requests").then().statusCode(422).body("detail", containsString("not in the manifest"));
        given().contentType(ContentType.JSON).body(Map.of("sampleIds", IntStream.range(0, 10_001).boxed().toList(), "modelId", "unl-a"))
                .post("/api/v1/forget-requests").then().statusCode(413).body("detail", containsString("at most 10000"));
        given().contentType(ContentType.JSON).body(Map.of("subjectId", "subject-1", "sampleIds", List.of(1), "modelId", "unl-a"))
                .post("/api/v1/forget-requests").then().statusCode(400).body("detail", containsString("exactly one"));
        given().contentType(ContentType.JSON).body(Map.of("subjectId", "subject-1", "modelId", "no-such-model"))
                .post("/api/v1/forget-requests").then().statusCode(404).body("detail", containsString("unknown model"));
        given().get("/api/v1/forget-requests/fr-unknown").then().statusCode(404);
        given().get("/q/metrics").then().body(containsString("unlearn_requests_total{status=\"rejected\"}"));
    }

    @Test
    void malformedAndInvalidKafkaRecordsGoToTheDeadLetterTopicWithAReason() {
        TopicProbe.send(bootstrap(), topics.forgetRequested(), "unl-a", "{not json".getBytes(StandardCharsets.UTF_8));
        ForgetRequested foreign = new ForgetRequested(1, "fr-foreign", "unl-a", "x", null, List.of(999_999), null, Instant.now());
        TopicProbe.send(bootstrap(), topics.forgetRequested(), "unl-a", EventCodec.encode(foreign));

        List<ConsumerRecord<String, byte[]>> dead = TopicProbe.readUntil(bootstrap(), Topics.deadLetter(topics.forgetRequested()),
                r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains("fr-foreign"),
                Duration.ofSeconds(30));
        assertThat(dead).extracting(r -> CloudEvents.get(r.headers(), CloudEvents.DEAD_LETTER_REASON).orElse(""))
                .anySatisfy(reason -> assertThat(reason).contains("malformed ForgetRequested JSON"))
                .anySatisfy(reason -> assertThat(reason).contains("sample(s) [999999] are not in the dataset of model unl-a"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().body(containsString("unlearn_dead_letters_total{topic=\"deepunlearn.forget.requested\"}"));
    }

    /**
     * Poison records (null value, garbage bytes, oversize record, null sample id, float id, too many ids, foreign
     * dataset, unknown model): each goes to the DLQ with its reason, the consumer keeps going, nothing is tombstoned.
     */
    @Test
    void poisonRecordsAreDeadLetteredWithTheirReasonAndNothingIsTombstoned() {
        ModelManifest base = model("unl-a");
        String ds = base.datasetId();
        Set<Integer> tombstonedBefore = tombstones.union(ds);
        List<Integer> oversize = IntStream.range(0, 10_001).boxed().toList();
        Map<String, String> poison = new java.util.LinkedHashMap<>();
        poison.put("fr-poison-null", "{\"schemaVersion\":1,\"requestId\":\"fr-poison-null\",\"modelId\":\"unl-a\","
                + "\"datasetId\":\"" + ds + "\",\"subjectRef\":null,\"sampleIds\":[null],\"method\":null,"
                + "\"requestedAt\":\"2026-01-01T00:00:00Z\"}");
        poison.put("fr-poison-float", "{\"schemaVersion\":1,\"requestId\":\"fr-poison-float\",\"modelId\":\"unl-a\","
                + "\"datasetId\":\"" + ds + "\",\"subjectRef\":null,\"sampleIds\":[1.5],\"method\":null,"
                + "\"requestedAt\":\"2026-01-01T00:00:00Z\"}");
        poison.put("fr-poison-oversize", new String(EventCodec.encode(new ForgetRequested(1, "fr-poison-oversize",
                "unl-a", ds, null, oversize, null, Instant.now())), StandardCharsets.UTF_8));
        poison.put("fr-poison-foreign-ds", new String(EventCodec.encode(new ForgetRequested(1, "fr-poison-foreign-ds",
                "unl-a", "other-dataset", null, base.trainSampleIds().subList(0, 2), null, Instant.now())),
                StandardCharsets.UTF_8));
        poison.put("fr-poison-no-model", new String(EventCodec.encode(new ForgetRequested(1, "fr-poison-no-model",
                "no-such-model", ds, null, List.of(1), null, Instant.now())), StandardCharsets.UTF_8));
        PoisonRecords.sendGeneric(bootstrap(), topics.forgetRequested());
        poison.forEach((id, json) -> TopicProbe.send(bootstrap(), topics.forgetRequested(), "unl-a",
                json.getBytes(StandardCharsets.UTF_8)));

        List<ConsumerRecord<String, byte[]>> dead = TopicProbe.readUntil(bootstrap(),
                Topics.deadLetter(topics.forgetRequested()), r -> r.value() != null
                        && new String(r.value(), StandardCharsets.UTF_8).contains("fr-poison-no-model"), Duration.ofSeconds(60));
        Map<String, String> reasons = new java.util.HashMap<>();
        for (ConsumerRecord<String, byte[]> r : dead) {
            String value = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
            poison.keySet().stream().filter(value::contains).findFirst().ifPresent(id ->
                    reasons.put(id, CloudEvents.get(r.headers(), CloudEvents.DEAD_LETTER_REASON).orElse("")));
        }
        assertThat(reasons.get("fr-poison-null")).contains("sampleIds must be non-negative integers");
        assertThat(reasons.get("fr-poison-float")).contains("malformed ForgetRequested JSON");
        assertThat(reasons.get("fr-poison-oversize")).contains("at most 10000");
        assertThat(reasons.get("fr-poison-foreign-ds")).contains("dataset other-dataset is not the dataset of model unl-a");
        assertThat(reasons.get("fr-poison-no-model")).contains("unknown model no-such-model");
        Map<String, String> generic = PoisonRecords.awaitReasons(bootstrap(), topics.forgetRequested(),
                PoisonRecords.genericKeys(), Duration.ofSeconds(60));
        assertThat(generic.get(PoisonRecords.NULL_VALUE)).contains("empty payload");
        assertThat(generic.get(PoisonRecords.GARBAGE)).contains("malformed ForgetRequested JSON");
        assertThat(generic.get(PoisonRecords.OVERSIZE)).contains("oversize record: " + PoisonRecords.OVERSIZE_BYTES + " bytes");
        poison.keySet().forEach(id -> given().get("/api/v1/forget-requests/" + id).then().statusCode(404));
        assertThat(tombstones.union(ds)).isEqualTo(tombstonedBefore);
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    /**
     * A valid event that arrived before its model existed is dead-lettered ("unknown model"); once the model is
     * trained (the fix), {@code dlq replay} re-drives it, and replaying it twice still unlearns it once.
     */
    @Test
    void aDeadLetterReplayedAfterTheFixIsAcceptedOnce() {
        String ds = model("unl-a").datasetId();
        List<Integer> samples = model("unl-a").trainSampleIds().subList(150, 153);
        TopicProbe.send(bootstrap(), topics.forgetRequested(), "unl-late", EventCodec.encode(new ForgetRequested(1,
                "fr-late-1", "unl-late", ds, null, samples, null, Instant.now())));
        assertThat(PoisonRecords.awaitReasons(bootstrap(), topics.forgetRequested(), Set.of("unl-late"),
                Duration.ofSeconds(60)).get("unl-late")).contains("unknown model unl-late");
        given().get("/api/v1/forget-requests/fr-late-1").then().statusCode(404);

        ModelManifest late = model("unl-late"); // the fix: the model now exists
        var selection = new DeadLetterFilter(null, null, null, "unknown model unl-late");
        try (DeadLetterReplay dlq = new DeadLetterReplay(bootstrap(), Duration.ofSeconds(15))) {
            assertThat(dlq.replay(dlq.read(topics.forgetRequested()).stream().filter(selection).toList())).isEqualTo(1);
            assertThat(dlq.replay(dlq.read(topics.forgetRequested()).stream().filter(selection).toList())).isEqualTo(1);
        }
        awaitStatus("fr-late-1", "UNLEARNED");
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(8))
                .until(() -> checkpoints.versions("unl-late").size() == 2);
        ModelManifest head = checkpoints.latest("unl-late").orElseThrow();
        assertThat(head.parentVersion()).isEqualTo(late.version());
        assertThat(head.requestIds()).containsExactly("fr-late-1");
        assertThat(head.forgottenSampleIds()).containsAll(samples.stream().filter(late.trainSampleIds()::contains).toList());
        assertThat(tombstones.union(ds)).containsAll(samples);
    }

    /**
     * S3 down (the embedded server stopped, a real outage): intake cannot make a request durable, so it answers 503
     * within its client timeouts (10 s each; the S3 SDK's default would be 5 min) and leaves nothing behind; readiness
     * is DOWN. Once S3 is back the client's retry is accepted (202, not "duplicate"), and a further retry is the
     * duplicate of that one request.
     */
    @Test
    void intakeAnswers503FastWhileS3IsDownAndTheRetryIsAcceptedOnce() {
        ModelManifest base = model("unl-a");
        Map<String, Object> body = Map.of("sampleIds", base.trainSampleIds().subList(170, 172), "modelId", "unl-a");
        var s3 = PipelineTestResource.infrastructure().s3();
        s3.stop();
        try {
            long start = System.nanoTime();
            given().contentType(ContentType.JSON).body(body).post("/api/v1/forget-requests").then().statusCode(503)
                    .body("detail", containsString("cannot record the request durably right now"));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("[intake] 503 with S3 down after %d ms%n", took.toMillis());
            assertThat(took).as("bounded by the S3 client timeout, not the SDK's minutes").isLessThan(Duration.ofSeconds(30));
            given().get("/q/health/ready").then().statusCode(503);
        } finally {
            s3.resume();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                given().get("/q/health/ready").then().extract().statusCode() == 200);
        String requestId = given().contentType(ContentType.JSON).body(body).post("/api/v1/forget-requests")
                .then().statusCode(202).body("status", equalTo("accepted")).extract().path("requestId");
        given().contentType(ContentType.JSON).body(body).post("/api/v1/forget-requests").then().statusCode(200)
                .body("status", equalTo("duplicate")).body("requestId", equalTo(requestId));
        awaitStatus(requestId, "UNLEARNED");
    }

    /** Strict JSON at the REST door, and the body limit enforced before the body is buffered. */
    @Test
    void restIntakeIsStrictAndLimitsTheBodyBeforeReadingIt() {
        for (String ids : List.of("[1.5]", "[-0.5]", "[1e-9]", "[\"7\"]")) {
            given().contentType(ContentType.JSON).body("{\"sampleIds\":" + ids + ",\"modelId\":\"unl-a\"}")
                    .post("/api/v1/forget-requests").then().statusCode(400);
        }
        given().contentType(ContentType.JSON).body("{\"sampleIds\":[1],\"modelId\":\"unl-a\"} {}")
                .post("/api/v1/forget-requests").then().statusCode(400).body("detail", containsString("Trailing token"));
        given().contentType(ContentType.JSON).body("{\"sampleIds\":[1],\"modelId\":\"unl-a\",\"modelId\":\"x\"}")
                .post("/api/v1/forget-requests").then().statusCode(400).body("detail", containsString("Duplicate field"));
        given().contentType(ContentType.JSON).body("{\"subjectId\":\"" + "x".repeat(300 * 1024) + "\"}")
                .post("/api/v1/forget-requests").then().statusCode(413);
    }

    @Test
    void statusIsReadFromTheDurableRecordWithItsDueDate() {
        ModelManifest base = model("unl-a");
        String requestId = given().contentType(ContentType.JSON)
                .body(Map.of("sampleIds", base.trainSampleIds().subList(100, 102), "modelId", "unl-a"))
                .post("/api/v1/forget-requests").then().statusCode(202).extract().path("requestId");
        var record = lifecycle.find(requestId).orElseThrow();
        assertThat(record.dueAt()).isEqualTo(record.receivedAt().plus(Duration.ofDays(30)));
        assertThat(tombstones.union(base.datasetId())).containsAll(base.trainSampleIds().subList(100, 102));
        given().get("/api/v1/forget-requests/" + requestId).then().statusCode(200)
                .body("requestId", equalTo(requestId))
                .body("dueAt", equalTo(record.dueAt().toString()))
                .body("receipt", org.hamcrest.Matchers.nullValue());
        awaitStatus(requestId, "UNLEARNED");
    }

    @Test
    void servesHealthAndOpenApi() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/forget-requests"));
        given().get("/api/v1/info").then().statusCode(200).body("role", equalTo("unlearner"));
    }
}
