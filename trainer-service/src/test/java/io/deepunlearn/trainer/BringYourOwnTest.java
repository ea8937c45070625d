package io.deepunlearn.trainer;

import io.deepunlearn.pipeline.security.Roles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.interop.SafetensorsFile;
import io.deepunlearn.core.interop.StateDictWeights;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.util.Npy;
import io.deepunlearn.infra.testing.PipelineTestResource;
import io.deepunlearn.infra.testing.TopicProbe;
import io.deepunlearn.pipeline.event.CheckpointPublished;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.Hashes;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.Release;
import io.deepunlearn.pipeline.subjects.SubjectDirectory;
import io.deepunlearn.pipeline.subjects.SubjectMappingStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Bringing a model, a dataset and a subject mapping to the trainer, against the real in-process broker and S3 server:
 * an NPY dataset uploaded and registered (validation errors included), a small-cnn made in DJL and exported as
 * safetensors registered as version 1 with its samples (each kind of bad registration refused with its reason),
 * its weights exported again bit-exactly, subject mappings imported (CSV and JSONL, appended, bad rows reported by
 * row number, never a plaintext subject id in the bucket), and a training job on the uploaded dataset.
 */
@Tag("slow") // starts Quarkus with embedded Kafka and S3
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(SecretsTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BringYourOwnTest {

    /** Calls go out as a trainer-operator (the 401/403 matrix is EndpointSecurityTest's). */
    @BeforeEach
    void authenticate() {
        SecretsTestResource.authenticateAs("operator", Roles.TRAINER_OPERATOR);
    }

    @AfterEach
    void anonymousAgain() {
        SecretsTestResource.anonymous();
    }

    static final String DATASET = "byo-tiny";
    static final String DATASET_ID = "s3-byo-tiny";
    static final int CLASSES = 3;
    static final int SIZE = 12;
    static final int[] TRAIN_IDS = IntStream.range(1000, 1090).toArray();
    static final int[] TEST_IDS = IntStream.range(2000, 2030).toArray();
    static final String ALICE = "alice@example.com";

    @Inject
    CheckpointStore checkpoints;
    @Inject
    ManifestStore manifests;
    @Inject
    SubjectDirectory subjects;
    @Inject
    SubjectMappingStore mappingStore;
    @Inject
    ObjectStore store;
    @Inject
    Topics topics;

    static byte[] images(int n, int salt) {
        byte[] px = new byte[n * 3 * SIZE * SIZE];
        for (int i = 0; i < px.length; i++) {
            int sample = i / (3 * SIZE * SIZE);
            px[i] = (byte) (((sample + salt) % CLASSES) * 80 + (i * 31 + sample) % 40);
        }
        return px;
    }

    static int[] labels(int n, int salt) {
        return IntStream.range(0, n).map(i -> (i + salt) % CLASSES).toArray();
    }

    static void put(String dataset, String file, byte[] bytes, int status) {
        given().contentType(ContentType.BINARY).body(bytes).put("/api/v1/datasets/" + dataset + "/files/" + file)
                .then().statusCode(status);
    }

    static void upload(String dataset, int[] trainLabels) {
        put(dataset, "train/images-000.npy", Npy.uint8(new long[] {TRAIN_IDS.length, 3, SIZE, SIZE},
                images(TRAIN_IDS.length, 0)), 201);
        put(dataset, "train/labels-000.npy", Npy.int64(trainLabels), 201);
        put(dataset, "train/ids-000.npy", Npy.int64(TRAIN_IDS), 201);
        put(dataset, "test/images-000.npy", Npy.uint8(new long[] {TEST_IDS.length, 3, SIZE, SIZE},
                images(TEST_IDS.length, 1)), 201);
        put(dataset, "test/labels-000.npy", Npy.int64(labels(TEST_IDS.length, 1)), 201);
        put(dataset, "test/ids-000.npy", Npy.int64(TEST_IDS), 201);
        put(dataset, "dataset.json", ("{\"numClasses\": " + CLASSES + "}").getBytes(StandardCharsets.UTF_8), 201);
    }

    @Test
    @Order(1)
    void aDatasetIsUploadedValidatedAndSealed() {
        put(DATASET, "train/images.png", new byte[] {1}, 400);
        int[] bad = labels(TRAIN_IDS.length, 0);
        bad[7] = CLASSES; // outside 0..2
        upload("byo-bad", bad);
        given().contentType(ContentType.JSON).body(Map.of("name", "byo-bad")).post("/api/v1/datasets").then()
                .statusCode(422).body("detail", containsString("label 3 at row 7 is outside 0..2"));

        upload(DATASET, labels(TRAIN_IDS.length, 0));
        given().contentType(ContentType.JSON).body(Map.of("name", DATASET)).post("/api/v1/datasets").then()
                .statusCode(201).body("datasetId", equalTo(DATASET_ID)).body("numClasses", equalTo(CLASSES))
                .body("trainSamples", equalTo(TRAIN_IDS.length)).body("testSamples", equalTo(TEST_IDS.length))
                .body("channels", equalTo(3)).body("height", equalTo(SIZE));
        given().contentType(ContentType.JSON).body(Map.of("name", DATASET)).post("/api/v1/datasets").then().statusCode(200);
        put(DATASET, "train/labels-000.npy", Npy.int64(labels(TRAIN_IDS.length, 2)), 409);
        assertThat(manifests.load(DATASET_ID).orElseThrow().usesMapping()).isTrue();
    }

    static Path weights(int classes, Path dir) throws Exception {
        Path file = dir.resolve("w" + classes + ".safetensors");
        try (NDManager m = Engines.pytorch().newBaseManager();
             Network net = Architectures.create(new ModelSpec("small-cnn", classes, 3, SIZE), m, 5)) {
            StateDictWeights.export(net, Map.of(), file);
        }
        return file;
    }

    static Response register(Map<String, Object> registration, Path weights) {
        return given().multiPart("registration", "registration.json", EventCodec.encode(registration), "application/json")
                .multiPart("weights", weights.toFile(), "application/octet-stream").post("/api/v1/models");
    }

    static Map<String, Object> registration(String modelId, Object trainIds, Object heldOutIds) {
        Map<String, Object> r = new java.util.HashMap<>(Map.of("modelId", modelId, "architecture", "small-cnn",
                "dataset", "s3:" + DATASET));
        if (trainIds != null) {
            r.put("trainSampleIds", trainIds);
        }
        if (heldOutIds != null) {
            r.put("heldOutSampleIds", heldOutIds);
        }
        return r;
    }

    @Test
    @Order(2)
    void aModelTrainedElsewhereIsRegisteredAsVersionOneWithItsSamples() throws Exception {
        Path dir = Files.createTempDirectory("byo-weights");
        Path good = weights(CLASSES, dir);
        List<Integer> train = IntStream.of(TRAIN_IDS).limit(70).boxed().toList();
        List<Integer> heldOut = IntStream.of(TRAIN_IDS).skip(70).boxed().toList();

        register(registration("byo-m", null, null), good).then().statusCode(422)
                .body("detail", containsString("say what the model was trained on"));
        register(registration("byo-m", IntStream.of(TRAIN_IDS).limit(85).boxed().toList(), null), good).then()
                .statusCode(422).body("detail", containsString("at least 10 held-out samples"));
        register(registration("byo-m", train, List.of(2000, 2001)), good).then().statusCode(422)
                .body("detail", containsString("held-out samples come from the train part"));
        register(registration("byo-m", List.of(1000, 1000), null), good).then().statusCode(422)
                .body("detail", containsString("more than once"));
        register(registration("byo-m", train, null), weights(5, dir)).then().statusCode(422)
                .body("detail", containsString("fc.weight"));
        Map<String, Object> unknown = registration("byo-m", train, null);
        unknown.put("dataset", "s3:not-uploaded");
        register(unknown, good).then().statusCode(422).body("detail", containsString("is not registered"));
        given().multiPart("registration", "{\"modelId\": \"byo-m\", \"typo\": 1}").multiPart("weights", good.toFile())
                .post("/api/v1/models").then().statusCode(400).body("detail", containsString("typo"));

        register(registration("byo-m", train, heldOut), good).then().statusCode(201)
                .body("version", startsWith("000001-")).body("datasetId", equalTo(DATASET_ID))
                .body("trainSamples", equalTo(70)).body("heldOutSamples", equalTo(20)).body("numClasses", equalTo(CLASSES));
        register(registration("byo-m", train, heldOut), good).then().statusCode(409);

        ModelManifest m = checkpoints.latest("byo-m").orElseThrow();
        assertThat(m.producedBy()).isEqualTo("trainer:registered");
        assertThat(m.parentVersion()).isNull();
        assertThat(m.trainSampleIds()).isEqualTo(train);
        assertThat(m.heldOutSampleIds()).isEqualTo(heldOut);
        assertThat(m.training().dataset()).isEqualTo("s3:" + DATASET);
        assertThat(checkpoints.releasedVersion("byo-m")).contains(m.version());
        var published = TopicProbe.readUntil(PipelineTestResource.infrastructure().kafka().bootstrapServers(),
                topics.checkpointPublished(), r -> "byo-m".equals(r.key()), Duration.ofSeconds(20));
        CheckpointPublished event = EventCodec.decode(published.get(published.size() - 1).value(),
                CheckpointPublished.class, CheckpointPublished.SCHEMA_VERSION);
        assertThat(event.checkpoint().version()).isEqualTo(m.version());

        // out again: the released version as safetensors, every tensor equal to what was registered
        byte[] exported = given().get("/api/v1/models/byo-m/weights").then().statusCode(200)
                .header("X-Model-Version", m.version()).extract().asByteArray();
        Path back = dir.resolve("back.safetensors");
        Files.write(back, exported);
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            Map<String, NDArray> before = SafetensorsFile.read(good).decode(manager);
            Map<String, NDArray> after = SafetensorsFile.read(back).decode(manager);
            assertThat(after.keySet()).isEqualTo(before.keySet());
            before.forEach((name, t) -> assertThat(after.get(name).contentEquals(t)).as(name).isTrue());
        }
        // the same bytes in the bucket beside the checkpoint, named by release.json for model servers
        Release release = checkpoints.released("byo-m").orElseThrow();
        assertThat(release.weights().key()).isEqualTo("models/byo-m/versions/" + m.version() + "/model.safetensors");
        byte[] stored = store.get(checkpoints.bucket(), release.weights().key()).orElseThrow();
        assertThat(stored).isEqualTo(exported);
        assertThat(Hashes.sha256(stored)).isEqualTo(release.weights().sha256());
        given().get("/api/v1/models/byo-m/weights?version=000009-abc").then().statusCode(404);
    }

    static Response postMapping(String body, String contentType, String datasetId) {
        return given().contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/subject-mappings/" + datasetId);
    }

    @Test
    @Order(3)
    void subjectMappingsAreImportedAppendedAndBadRowsReportedByRow() {
        String csv = "sample_id,subject_id\n"
                + IntStream.range(1000, 1005).mapToObj(id -> id + "," + ALICE + "\n").reduce("", String::concat)
                + IntStream.range(1005, 1010).mapToObj(id -> id + ",\"bob, jr\"\n").reduce("", String::concat);
        postMapping(csv, "text/csv", DATASET_ID).then().statusCode(201).body("batch", equalTo(1))
                .body("newSubjects", equalTo(2)).body("newSamples", equalTo(10));
        postMapping(csv, "text/csv", DATASET_ID).then().statusCode(200).body("batch", nullValue())
                .body("alreadyImported", equalTo(10));
        String jsonl = "{\"sampleId\": 1010, \"subjectId\": \"carol\"}\n{\"sampleId\": 1011, \"subjectId\": \"carol\"}\n"
                + "{\"sampleId\": 1000, \"subjectId\": \"" + ALICE + "\"}\n";
        postMapping(jsonl, "application/x-ndjson", DATASET_ID).then().statusCode(201).body("batch", equalTo(2))
                .body("newSamples", equalTo(2)).body("alreadyImported", equalTo(1));

        String bad = "sample_id,subject_id\n"
                + "12x,dave\n"              // row 2
                + "99999,dave\n"            // row 3
                + "1000,mallory\n"          // row 4: alice's
                + "1020,erin\n"             // row 5
                + "1020,erin\n"             // row 6: repeats row 5
                + "1021,\n"                 // row 7
                + "1022,frank,extra\n"      // row 8
                + "1023, grace\n";          // row 9
        Response r = postMapping(bad, "text/csv", DATASET_ID);
        r.then().statusCode(422).body("errors.row", equalTo(List.of(2, 3, 4, 6, 7, 8, 9)))
                .body("errors.message", hasItem(containsString("sample_id is not an integer")))
                .body("errors.message", hasItem("sample 99999 is not in dataset " + DATASET_ID))
                .body("errors.message", hasItem(containsString("already belongs to another subject")))
                .body("errors.message", hasItem(containsString("already listed at row 5")))
                .body("errors.message", hasItem("subject id is empty"))
                .body("errors.message", hasItem(containsString("expected 2 fields")))
                .body("errors.message", hasItem(containsString("white space")));
        assertThat(r.asString()).doesNotContain("mallory").doesNotContain("grace");
        postMapping("sample,subject\n1,a\n", "text/csv", DATASET_ID).then().statusCode(422)
                .body("errors[0].row", equalTo(1)).body("errors[0].message", containsString("header"));
        postMapping("{\"sampleId\": 1.5, \"subjectId\": \"x\"}\n", "application/x-ndjson", DATASET_ID).then()
                .statusCode(422).body("errors[0].row", equalTo(1));
        postMapping("1,a", "text/plain", DATASET_ID).then().statusCode(415);
        postMapping(csv, "text/csv", "no-such-dataset").then().statusCode(404);
        assertThat(mappingStore.batches(DATASET_ID)).hasSize(2); // the refused files stored nothing

        given().get("/api/v1/subject-mappings/" + DATASET_ID).then().statusCode(200).body("subjects", equalTo(3))
                .body("samples", equalTo(12));
        var manifest = manifests.load(DATASET_ID).orElseThrow();
        assertThat(subjects.samplesOf(manifest, ALICE)).contains(List.of(1000, 1001, 1002, 1003, 1004));
        assertThat(subjects.samplesOf(manifest, "bob, jr")).contains(List.of(1005, 1006, 1007, 1008, 1009));
        assertThat(subjects.samplesOf(manifest, "nobody")).isEmpty();
        for (String key : store.list("datasets", "", true)) {
            String text = new String(store.get("datasets", key).orElseThrow(), StandardCharsets.ISO_8859_1);
            assertThat(text).as(key).doesNotContain(ALICE).doesNotContain("bob, jr").doesNotContain("carol");
        }
    }

    @Test
    @Order(4)
    void aTrainingJobRunsOnTheUploadedDatasetAndRefusesMissingOnes() {
        given().contentType(ContentType.JSON).body(Map.of("dataset", "npy:relative/dir")).post("/api/v1/training-jobs")
                .then().statusCode(422).body("detail", containsString("absolute path"));
        given().contentType(ContentType.JSON).body(Map.of("dataset", "s3:never-uploaded")).post("/api/v1/training-jobs")
                .then().statusCode(422);
        String jobId = given().contentType(ContentType.JSON).body(Map.of("modelId", "byo-trained", "dataset",
                "s3:" + DATASET, "epochs", 1)).post("/api/v1/training-jobs").then().statusCode(202)
                .body("datasetId", equalTo(DATASET_ID)).extract().path("jobId");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() ->
                "SUCCEEDED".equals(given().get("/api/v1/training-jobs/" + jobId).then().extract().path("status")));
        assertThat(checkpoints.latest("byo-trained").orElseThrow().datasetId()).isEqualTo(DATASET_ID);
    }
}
