package io.deepunlearn.unlearner;

import io.deepunlearn.pipeline.security.Roles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.deepunlearn.infra.testing.OpenApiContract;
import io.deepunlearn.infra.testing.PipelineTestResource;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.ml.ModelTrainer;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The unlearner's API contract: an OpenAPI document a client can be generated from, and every error an RFC 9457
 * problem ({@code application/problem+json}: type, title, status, detail, instance, field errors), including a
 * 503 while the object store is really down.
 */
@Tag("slow")
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(SecretsTestResource.class)
class UnlearnerApiContractTest {

    /** Calls go out as an erasure-requester (the 401/403 matrix is EndpointSecurityTest's). */
    @BeforeEach
    void authenticate() {
        SecretsTestResource.authenticateAs("controller", Roles.ERASURE_REQUESTER);
    }

    @AfterEach
    void anonymousAgain() {
        SecretsTestResource.anonymous();
    }

    static final String PATH = "/api/v1/forget-requests";

    @Inject
    CheckpointStore checkpoints;
    @Inject
    ManifestStore manifests;

    static ValidatableResponse problem(ValidatableResponse r, int status, String slug, String instance) {
        return r.statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("urn:deepunlearn:problem:" + slug)).body("status", equalTo(status))
                .body("title", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()))
                .body("instance", equalTo(instance));
    }

    @Test
    void theOpenApiDocumentDeclaresSchemasAndEveryStatus() {
        String json = given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        assertThat(OpenApiContract.violations(json)).isEmpty();
        // the generated client (module api-client) is built from a copy of this very document
        assertThat(OpenApiContract.driftFromClientCopy(json, java.nio.file.Path.of("..").toAbsolutePath().normalize(),
                "unlearner-service")).isEmpty();
        // the body read as bytes (its size is checked before parsing) is documented as its schema
        given().accept(ContentType.JSON).get("/q/openapi?format=json").then()
                .body("paths.'/api/v1/forget-requests'.post.requestBody.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/ForgetRequestBody"))
                .body("paths.'/api/v1/forget-requests'.post.responses.'413'.'$ref'",
                        equalTo("#/components/responses/PayloadTooLarge"))
                .body("components.schemas.Problem.properties.errors.items.'$ref'",
                        equalTo("#/components/schemas/FieldError"));
    }

    @Test
    void errorsAreProblemDetails() {
        problem(given().contentType(ContentType.JSON).body("{\"subjectId\": ").post(PATH).then(), 400,
                "malformed-request", PATH).body("detail", startsWith("malformed JSON"));
        // a wrong type names the field
        problem(given().contentType(ContentType.JSON).body("{\"sampleIds\":[\"7\"],\"modelId\":\"m\"}").post(PATH).then(),
                400, "malformed-request", PATH).body("errors[0].field", equalTo("sampleIds[0]"));
        problem(given().get(PATH + "/fr-unknown").then(), 404, "not-found", PATH + "/fr-unknown")
                .body("detail", containsString("unknown request fr-unknown"));
        problem(given().urlEncodingEnabled(false).get(PATH + "/bad%20id").then(), 400, "malformed-request", PATH + "/bad%20id")
                .body("errors[0].field", equalTo("requestId"));
        problem(given().get("/api/v1/no-such-thing").then(), 404, "not-found", "/api/v1/no-such-thing");
        problem(given().contentType(ContentType.TEXT).body("hi").post(PATH).then(), 415, "unsupported-media-type", PATH);
        problem(given().contentType(ContentType.JSON).body(Map.of("sampleIds", IntStream.range(0, 10_001).boxed().toList(),
                "modelId", "m")).post(PATH).then(), 413, "payload-too-large", PATH)
                .body("errors[0].field", equalTo("sampleIds"));
        problem(given().contentType(ContentType.JSON).body(Map.of("sampleIds", List.of(1), "modelId", "m", "method", "NOPE"))
                .post(PATH).then(), 422, "validation-failed", PATH).body("errors[0].field", equalTo("method"));
    }

    @Test
    void aBodyOverTheLimitIsAProblemToo() {
        problem(given().contentType(ContentType.JSON).body("{\"subjectId\":\"" + "x".repeat(300 * 1024) + "\"}")
                .post(PATH).then(), 413, "payload-too-large", PATH);
    }

    ModelManifest model(String modelId) {
        return checkpoints.latest(modelId).orElseGet(() -> ModelTrainer.trainAndPublish(modelId,
                new TrainingSpec("synthetic", 240, 60, "small-cnn", 0, 1, 32, 0.05), "test:original", null, Set.of(),
                manifests, checkpoints));
    }

    /** Requests listed by model and by status, a page at a time, from their durable records. */
    @Test
    void requestsAreListedByModelAndStatusPageByPage() {
        ModelManifest m = model("unl-list");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(given().contentType(ContentType.JSON)
                    .body(Map.of("sampleIds", m.trainSampleIds().subList(10 * i, 10 * i + 2), "modelId", "unl-list"))
                    .post(PATH).then().statusCode(202).extract().path("requestId"));
        }
        // the listing shows every requester's requests: a receipt reader's
        SecretsTestResource.authenticateAs("auditor", Roles.RECEIPT_READER);
        List<String> listed = new java.util.ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            var page = given().queryParam("modelId", "unl-list").queryParam("limit", 2)
                    .queryParam("pageToken", token == null ? "" : token).get(PATH).then().statusCode(200).extract();
            listed.addAll(page.path("items.requestId"));
            token = page.path("nextPageToken");
            pages++;
        } while (token != null);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(pages).isEqualTo(2);

        // FT runs them (no auditor here): they stop at UNLEARNED, and the status listing follows their records
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(given().queryParam("status", "UNLEARNED").queryParam("modelId", "unl-list").get(PATH)
                        .then().statusCode(200).extract().<List<String>>path("items.requestId"))
                        .containsExactlyInAnyOrderElementsOf(ids));
        given().queryParam("status", "RECEIVED").queryParam("modelId", "unl-list").get(PATH).then().statusCode(200)
                .body("items", org.hamcrest.Matchers.empty()).body("nextPageToken", org.hamcrest.Matchers.nullValue());
        problem(given().queryParam("status", "DONE").get(PATH).then(), 400, "malformed-request", PATH)
                .body("errors[0].field", equalTo("status"));
        problem(given().queryParam("limit", 501).get(PATH).then(), 400, "malformed-request", PATH)
                .body("errors[0].field", equalTo("limit"));
        problem(given().queryParam("pageToken", "Zm9v").get(PATH).then(), 400, "malformed-request", PATH)
                .body("errors[0].field", equalTo("pageToken"));
    }

    @Test
    void samplesOutsideTheManifestAre422WithTheField() {
        model("unl-api");
        problem(given().contentType(ContentType.JSON).body(Map.of("sampleIds", List.of(999_999), "modelId", "unl-api"))
                .post(PATH).then(), 422, "validation-failed", PATH)
                .body("errors[0].field", equalTo("sampleIds")).body("detail", containsString("not in the manifest"));
    }

    @Test
    void aStoppedObjectStoreIs503WithRetryAfter() {
        var s3 = PipelineTestResource.infrastructure().s3();
        s3.stop();
        try {
            problem(given().get(PATH + "/fr-while-s3-is-down").then(), 503, "unavailable", PATH + "/fr-while-s3-is-down")
                    .header("Retry-After", "5").body("detail", containsString("storage unavailable"));
        } finally {
            s3.resume();
        }
        given().get(PATH + "/fr-while-s3-is-down").then().statusCode(404);
    }
}
