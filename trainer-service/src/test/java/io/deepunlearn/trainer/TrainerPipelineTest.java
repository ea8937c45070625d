package io.deepunlearn.trainer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.deepunlearn.infra.testing.PipelineTestResource;
import io.deepunlearn.infra.testing.PoisonRecords;
import io.deepunlearn.infra.testing.TopicProbe;
import io.deepunlearn.pipeline.event.CheckpointPublished;
import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.RetrainRequested;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.storage.ErasureReceipt;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import io.deepunlearn.pipeline.event.ShadowSpec;
import io.deepunlearn.pipeline.event.TrainingRequested;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.event.UliraFigures;
import io.deepunlearn.pipeline.messaging.CloudEvents;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.Hashes;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.security.Roles;
import io.deepunlearn.pipeline.storage.ShadowStore;
import io.quarkus.test.common.WithTestResource;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The trainer against the real in-process broker and S3 server: training, tombstones, exact retraining. */
@Tag("slow") // not in the fast tier (-Pfast): starts Quarkus with embedded Kafka and S3
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(SecretsTestResource.class)
class TrainerPipelineTest {

    /** Every call of this class authenticates as a TRAINER_OPERATOR (the security matrix is EndpointSecurityTest). */
    @BeforeEach
    void authenticate() {
        RestAssured.requestSpecification = new RequestSpecBuilder().addHeader("Authorization", "Bearer "
                + SecretsTestResource.secrets().token("ml-operator", java.time.Duration.ofMinutes(30), Roles.TRAINER_OPERATOR)).build();
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
    Topics topics;
    @Inject
    RequestLifecycle lifecycle;
    @Inject
    TombstoneStore tombstones;
    @Inject
    EvidenceStore evidence;
    @Inject
    io.deepunlearn.pipeline.security.Pseudonymizer pseudonyms;
    @Inject
    io.deepunlearn.pipeline.storage.ObjectStore store;
    @Inject
    io.deepunlearn.pipeline.cdi.PipelineSettings settings;
    @Inject
    ShadowStore shadows;

    /** The auditor's evidence store: receipt drafts carry the auditor's signature, which the trainer cannot make. */
    EvidenceStore auditorEvidence() {
        var config = SecretsTestResource.secrets().serviceConfig("auditor-service");
        return new EvidenceStore(store, settings.buckets().evidence(),
                io.deepunlearn.pipeline.security.SecuritySettings.from(k -> java.util.Optional.ofNullable(config.get(k))));
    }

    static String bootstrap() {
        return PipelineTestResource.infrastructure().kafka().bootstrapServers();
    }

    ModelManifest trainViaRest(String modelId) {
        String jobId = given().contentType(ContentType.JSON)
                .body(Map.of("modelId", modelId, "dataset", "synthetic", "trainLimit", 240, "testLimit", 60, "epochs", 1))
                .post("/api/v1/training-jobs").then().statusCode(202).body("modelId", equalTo(modelId))
                .extract().path("jobId");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() ->
                "SUCCEEDED".equals(given().get("/api/v1/training-jobs/" + jobId).then().extract().path("status")));
        return checkpoints.latest(modelId).orElseThrow();
    }

    @Test
    void trainsPublishesAndReleasesAModelWithItsDatasetManifest() {
        ModelManifest m = trainViaRest("tr-a");
        assertThat(m.producedBy()).isEqualTo("trainer:original");
        assertThat(m.trainSampleIds()).isNotEmpty().doesNotContainAnyElementsOf(m.heldOutSampleIds());
        assertThat(Hashes.sha256(checkpoints.load(m.ref()))).isEqualTo(m.sha256());
        assertThat(checkpoints.releasedVersion("tr-a")).contains(m.version());
        var weights = checkpoints.released("tr-a").orElseThrow().weights(); // what model servers load
        assertThat(weights.key()).isEqualTo("models/tr-a/versions/" + m.version() + "/model.safetensors");
        assertThat(weights.architecture()).isEqualTo(m.training().architecture());
        assertThat(manifests.load(m.datasetId()).orElseThrow().samplesOf("subject-0")).isPresent();

        var published = TopicProbe.readUntil(bootstrap(), topics.checkpointPublished(), r -> "tr-a".equals(r.key()),
                Duration.ofSeconds(20));
        var record = published.get(published.size() - 1);
        CheckpointPublished event = EventCodec.decode(record.value(), CheckpointPublished.class, 1);
        assertThat(event.kind()).isEqualTo("original");
        assertThat(event.checkpoint().sha256()).isEqualTo(m.sha256());
        assertThat(CloudEvents.get(record.headers(), CloudEvents.SUBJECT)).contains("tr-a");
        given().get("/q/metrics").then().body(containsString("trainer_jobs_total{kind=\"original\",outcome=\"success\"}"));
    }

    @Test
    void onlyAcceptedRequestsAreTombstonedAndAFailedAuditIsRetrainedWithoutThemBeforeItsReceipt() {
        ModelManifest base = checkpoints.latest("tr-b").orElseGet(() -> trainViaRest("tr-b"));
        List<Integer> forget = base.trainSampleIds().subList(0, 4);
        // a forget event nobody accepted (the trainer no longer reads the forget topic) tombstones nothing
        TopicProbe.send(bootstrap(), topics.forgetRequested(), "tr-b", EventCodec.encode(new ForgetRequested(1,
                "fr-t-rejected", "tr-b", base.datasetId(), null, base.trainSampleIds().subList(10, 14), null, Instant.now())));
        // an accepted one: the lifecycle records it and writes its tombstone
        ForgetRequested accepted = new ForgetRequested(1, "fr-t1", "tr-b", base.datasetId(), null, forget, null, Instant.now());
        lifecycle.receive(accepted);
        assertThat(tombstones.union(base.datasetId())).containsAll(forget)
                .doesNotContainAnyElementsOf(base.trainSampleIds().subList(10, 14));

        // an unlearned version whose audit "failed": the trainer must retrain from scratch without the samples
        ModelManifest unlearned = checkpoints.publish(checkpoints.load(base.ref()),
                base.successor("unlearner:FT", forget, List.of("fr-t1")));
        ErasureReceipt draft = new ErasureReceipt(ErasureReceipt.SCHEMA_VERSION, "fr-t1", "tr-b", base.datasetId(),
                forget.stream().map(id -> pseudonyms.sampleRef(base.datasetId(), id)).toList(), "FT", base.ref(),
                unlearned.ref(), "fail", List.of("MIA above threshold"), "fail: MIA above threshold", null,
                UliraFigures.unavailable("not audited in this test"), Map.of("miaMax", 0.6), "retrained",
                Instant.now(), Instant.now());
        auditorEvidence().putDraft(draft);
        lifecycle.retraining("fr-t1", unlearned.version(), "MIA above threshold", draft);
        assertThat(evidence.find("fr-t1")).as("no receipt before the retrain exists").isEmpty();
        TopicProbe.send(bootstrap(), topics.retrainRequested(), "tr-b", EventCodec.encode(new RetrainRequested(1, "tr-b",
                List.of("fr-t1"), unlearned.version(), "MIA above threshold", Instant.now())));
        await().atMost(Duration.ofSeconds(120)).until(() ->
                lifecycle.find("fr-t1").orElseThrow().status() == RequestStatus.PUBLISHED);
        ModelManifest retrained = checkpoints.latest("tr-b").orElseThrow();
        assertThat(retrained.producedBy()).isEqualTo("trainer:retrain");
        assertThat(retrained.parentVersion()).isEqualTo(unlearned.version());
        assertThat(retrained.trainSampleIds()).doesNotContainAnyElementsOf(forget);
        assertThat(retrained.forgottenSampleIds()).containsAll(forget);
        assertThat(checkpoints.releasedVersion("tr-b")).contains(retrained.version());
        assertThat(lifecycle.find("fr-t1").orElseThrow().version()).isEqualTo(retrained.version());
        assertThat(evidence.find("fr-t1").orElseThrow().resolution()).isEqualTo("retrained");
        assertThat(evidence.find("fr-t1").orElseThrow().sampleHashes()).hasSize(4);
        given().get("/api/v1/training-jobs/retrain-tr-b-" + unlearned.version()).then().statusCode(200)
                .body("status", equalTo("SUCCEEDED")).body("version", equalTo(retrained.version()));
        var statuses = TopicProbe.readUntil(bootstrap(), topics.requestStatus(),
                r -> "fr-t1".equals(r.key()) && new String(r.value(), StandardCharsets.UTF_8).contains("PUBLISHED"),
                Duration.ofSeconds(20));
        assertThat(new String(statuses.get(statuses.size() - 1).value(), StandardCharsets.UTF_8)).contains(retrained.version());
        assertThat(tombstones.union(base.datasetId())).doesNotContainAnyElementsOf(base.trainSampleIds().subList(10, 14));
        given().get("/q/metrics").then().body(containsString("trainer_tombstoned_samples_total"))
                .body(containsString("trainer_jobs_total{kind=\"retrain\",outcome=\"success\"}"));
    }

    @Test
    void trainsAShadowModelOnAHalfOfThePoolWithoutReleasingIt() {
        ModelManifest base = checkpoints.latest("tr-c").orElseGet(() -> trainViaRest("tr-c"));
        TopicProbe.send(bootstrap(), topics.trainingRequested(), "tr-c", EventCodec.encode(new TrainingRequested(
                TrainingRequested.SCHEMA_VERSION, "shadow-tr-c-g0-k1", "tr-c", base.training(), new ShadowSpec(0, 1, 2),
                Instant.now())));
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() ->
                "SUCCEEDED".equals(given().get("/api/v1/training-jobs/shadow-tr-c-g0-k1").then().extract().path("status")));
        ModelManifest shadow = shadows.shadows("tr-c", 0).get(0);
        assertThat(shadows.generations("tr-c")).containsExactly(0);
        assertThat(shadow.version()).isEqualTo("g000000-k0001");
        assertThat(shadow.producedBy()).isEqualTo("trainer:shadow");
        // the lifecycle's tombstones (other tests' requests too): the pool is the 240 samples without them
        java.util.Set<Integer> tombstoned = tombstones.union(base.datasetId());
        assertThat(shadow.trainSampleIds()).hasSize((240 - tombstoned.size()) / 2).noneMatch(tombstoned::contains);
        assertThat(Hashes.sha256(shadows.load(shadow))).isEqualTo(shadow.sha256());
        // not a model: no version, no release, no listing
        assertThat(checkpoints.releasedVersion("tr-c")).contains(base.version());
        assertThat(checkpoints.latest("tr-c").orElseThrow().version()).isEqualTo(base.version());
        assertThat(checkpoints.modelIds()).doesNotContain("shadows");
        var published = TopicProbe.readUntil(bootstrap(), topics.checkpointPublished(),
                r -> "tr-c".equals(r.key()) && new String(r.value(), StandardCharsets.UTF_8).contains("\"shadow\""),
                Duration.ofSeconds(20));
        CheckpointPublished event = EventCodec.decode(published.get(published.size() - 1).value(),
                CheckpointPublished.class, 1);
        assertThat(event.kind()).isEqualTo("shadow");
        assertThat(event.checkpoint().checkpointKey()).isEqualTo("shadows/tr-c/g000000/k0001/checkpoint.bin");
        given().get("/q/metrics").then().body(containsString("trainer_jobs_total{kind=\"shadow\",outcome=\"success\"}"));
    }

    /**
     * Shadow jobs queued before a retrain do not delay it: the retrain runs as soon as the shadow in progress
     * ends (FIFO would publish it after all of them). The order is read from checkpoint-published, which carries
     * the model's events in publication order (one partition per model).
     */
    @Test
    void aRetrainQueuedBehindShadowJobsRunsBeforeThem() {
        ModelManifest base = checkpoints.latest("tr-d").orElseGet(() -> trainViaRest("tr-d"));
        int count = 5;
        List<String> shadowJobs = new java.util.ArrayList<>();
        for (int k = 0; k < count; k++) {
            String jobId = "shadow-tr-d-g0-k" + k;
            shadowJobs.add(jobId);
            TopicProbe.send(bootstrap(), topics.trainingRequested(), "tr-d", EventCodec.encode(new TrainingRequested(
                    TrainingRequested.SCHEMA_VERSION, jobId, "tr-d", base.training(), new ShadowSpec(0, k, count),
                    Instant.now())));
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                shadowJobs.stream().allMatch(id -> given().get("/api/v1/training-jobs/" + id).statusCode() == 200));

        List<Integer> forget = base.trainSampleIds().subList(0, 3);
        lifecycle.receive(new ForgetRequested(1, "fr-t-prio", "tr-d", base.datasetId(), null, forget, null, Instant.now()));
        ModelManifest unlearned = checkpoints.publish(checkpoints.load(base.ref()),
                base.successor("unlearner:FT", forget, List.of("fr-t-prio")));
        lifecycle.retraining("fr-t-prio", unlearned.version(), "U-LiRA AUC above its band", null);
        TopicProbe.send(bootstrap(), topics.retrainRequested(), "tr-d", EventCodec.encode(new RetrainRequested(1, "tr-d",
                List.of("fr-t-prio"), unlearned.version(), "U-LiRA AUC above its band", Instant.now())));
        String retrainJob = "retrain-tr-d-" + unlearned.version();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                given().get("/api/v1/training-jobs/" + retrainJob).statusCode() == 200);
        // shadows still waiting once the retrain is queued (the one being picked up at this instant may read QUEUED)
        long waitingShadows = shadowJobs.stream().filter(id -> "QUEUED".equals(
                given().get("/api/v1/training-jobs/" + id).then().extract().path("status"))).count();
        assertThat(waitingShadows).as("shadow jobs still queued when the retrain arrived").isGreaterThanOrEqualTo(2);

        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).until(() ->
                shadowJobs.stream().allMatch(id -> "SUCCEEDED".equals(
                        given().get("/api/v1/training-jobs/" + id).then().extract().path("status"))));
        assertThat(lifecycle.find("fr-t-prio").orElseThrow().status()).isEqualTo(RequestStatus.PUBLISHED);
        java.util.Set<String> expected = new java.util.HashSet<>(shadowJobs);
        expected.add(retrainJob);
        List<String> published = new java.util.ArrayList<>();
        TopicProbe.readUntil(bootstrap(), topics.checkpointPublished(), r -> {
            String jobId = EventCodec.decode(r.value(), CheckpointPublished.class, 1).jobId();
            if ("tr-d".equals(r.key()) && expected.contains(jobId)) {
                published.add(jobId);
            }
            return published.size() == expected.size();
        }, Duration.ofSeconds(30));
        assertThat(published).contains(retrainJob).containsAll(shadowJobs);
        long shadowsAfterRetrain = published.size() - 1 - published.indexOf(retrainJob);
        assertThat(shadowsAfterRetrain).as("order of publication: " + published).isGreaterThanOrEqualTo(waitingShadows - 1);
    }

    @Test
    void rejectsInvalidJobsAndDeadLettersUnreadableRecords() {
        given().contentType(ContentType.JSON).body(Map.of("dataset", "nope")).post("/api/v1/training-jobs")
                .then().statusCode(422).body("detail", containsString("unknown dataset"));
        given().contentType(ContentType.JSON).body(Map.of("dataset", "synthetic", "epochs", 0)).post("/api/v1/training-jobs")
                .then().statusCode(422).body("detail", containsString("epochs"));
        TopicProbe.send(bootstrap(), topics.trainingRequested(), "oops", "{oops".getBytes(StandardCharsets.UTF_8));
        assertThat(PoisonRecords.awaitReasons(bootstrap(), topics.trainingRequested(), java.util.Set.of("oops"),
                Duration.ofSeconds(30)).get("oops")).contains("malformed TrainingRequested JSON");
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/training-jobs"));
    }

    /**
     * Poison records on both topics the trainer consumes: each is dead-lettered with its reason, no job is recorded,
     * nothing is tombstoned, and the service stays healthy.
     */
    @Test
    void poisonTrainingAndRetrainRecordsAreDeadLetteredWithTheirReason() {
        ModelManifest model = checkpoints.latest("tr-p").orElseGet(() -> trainViaRest("tr-p"));
        java.util.Set<Integer> tombstonedBefore = tombstones.union(model.datasetId());
        String at = "\"requestedAt\":\"2026-01-01T00:00:00Z\"";
        String spec = "{\"dataset\":\"synthetic\",\"trainLimit\":240,\"testLimit\":60,\"architecture\":\"small-cnn\","
                + "\"seed\":0,\"epochs\":%d,\"batchSize\":32,\"learningRate\":0.05}";
        Map<String, String> training = Map.of(
                "poison-null-spec", "{\"schemaVersion\":1,\"jobId\":\"job-p-null\",\"modelId\":\"tr-p\",\"spec\":null," + at + "}",
                "poison-oversize-recipe", "{\"schemaVersion\":1,\"jobId\":\"job-p-big\",\"modelId\":\"tr-p\",\"spec\":"
                        + spec.formatted(100_000) + "," + at + "}",
                "poison-foreign-dataset", new String(EventCodec.encode(new TrainingRequested(1, "job-p-foreign", "tr-p",
                        new TrainingSpec("other-dataset", null, null, "small-cnn", 0, 1, 32, 0.05), Instant.now())),
                        StandardCharsets.UTF_8),
                "poison-no-model", new String(EventCodec.encode(new TrainingRequested(1, "job-p-ghost", "tr-ghost",
                        model.training(), new ShadowSpec(0, 0, 2), Instant.now())), StandardCharsets.UTF_8));
        training.forEach((key, json) -> TopicProbe.send(bootstrap(), topics.trainingRequested(), key,
                json.getBytes(StandardCharsets.UTF_8)));
        PoisonRecords.sendGeneric(bootstrap(), topics.trainingRequested());

        String nullIds = "{\"schemaVersion\":1,\"modelId\":\"tr-p\",\"requestIds\":[null],\"failedVersion\":\""
                + model.version() + "\",\"reason\":\"x\"," + at + "}";
        TopicProbe.send(bootstrap(), topics.retrainRequested(), "poison-null-ids", nullIds.getBytes(StandardCharsets.UTF_8));
        Map<String, RetrainRequested> retrain = Map.of(
                "poison-no-model", new RetrainRequested(1, "tr-ghost", List.of("fr-ghost"), "000002-abc", "x", Instant.now()),
                "poison-unknown-version", new RetrainRequested(1, "tr-p", List.of("fr-ghost"), "000099-abc", "x", Instant.now()),
                "poison-never-received", new RetrainRequested(1, "tr-p", List.of("fr-never"), model.version(), "x",
                        Instant.now()));
        retrain.forEach((key, e) -> TopicProbe.send(bootstrap(), topics.retrainRequested(), key, EventCodec.encode(e)));
        PoisonRecords.sendGeneric(bootstrap(), topics.retrainRequested());

        java.util.Set<String> trainingKeys = new java.util.HashSet<>(training.keySet());
        trainingKeys.addAll(PoisonRecords.genericKeys());
        Map<String, String> reasons = PoisonRecords.awaitReasons(bootstrap(), topics.trainingRequested(), trainingKeys,
                Duration.ofSeconds(90));
        assertThat(reasons.get("poison-null-spec")).contains("spec is required");
        assertThat(reasons.get("poison-oversize-recipe")).contains("epochs must be in 1..1000, got 100000");
        assertThat(reasons.get("poison-foreign-dataset")).contains("unknown dataset 'other-dataset'");
        assertThat(reasons.get("poison-no-model")).contains("shadow of unknown model tr-ghost");
        assertThat(reasons.get(PoisonRecords.NULL_VALUE)).contains("empty payload");
        assertThat(reasons.get(PoisonRecords.GARBAGE)).contains("malformed TrainingRequested JSON");
        assertThat(reasons.get(PoisonRecords.OVERSIZE)).contains("oversize record");

        java.util.Set<String> retrainKeys = new java.util.HashSet<>(retrain.keySet());
        retrainKeys.add("poison-null-ids");
        retrainKeys.addAll(PoisonRecords.genericKeys());
        Map<String, String> retrainReasons = PoisonRecords.awaitReasons(bootstrap(), topics.retrainRequested(),
                retrainKeys, Duration.ofSeconds(90));
        assertThat(retrainReasons.get("poison-null-ids")).contains("requestIds is empty or holds null");
        assertThat(retrainReasons.get("poison-no-model")).contains("unknown model tr-ghost");
        assertThat(retrainReasons.get("poison-unknown-version")).contains("unknown version tr-p@000099-abc");
        assertThat(retrainReasons.get("poison-never-received")).contains("no record of request fr-never");
        assertThat(retrainReasons.get(PoisonRecords.NULL_VALUE)).contains("empty payload");
        assertThat(retrainReasons.get(PoisonRecords.GARBAGE)).contains("malformed RetrainRequested JSON");
        assertThat(retrainReasons.get(PoisonRecords.OVERSIZE)).contains("oversize record");

        for (String job : List.of("job-p-null", "job-p-big", "job-p-foreign", "job-p-ghost",
                "retrain-tr-p-" + model.version())) {
            given().get("/api/v1/training-jobs/" + job).then().statusCode(404);
        }
        assertThat(tombstones.union(model.datasetId())).isEqualTo(tombstonedBefore);
        assertThat(checkpoints.latest("tr-p").orElseThrow().version()).isEqualTo(model.version());
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
