package io.deepunlearn.trainer;

import io.deepunlearn.pipeline.security.Roles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.deepunlearn.infra.testing.OpenApiContract;
import io.deepunlearn.infra.testing.PipelineTestResource;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The trainer's API contract: its OpenAPI document, problem details (409 for a second training of an existing
 * model, 422 for an unknown dataset), and the paged list of a model's versions read from the object store.
 */
@Tag("slow")
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(SecretsTestResource.class)
class TrainerApiContractTest {

    /** Calls go out as a trainer-operator (the 401/403 matrix is EndpointSecurityTest's). */
    @BeforeEach
    void authenticate() {
        SecretsTestResource.authenticateAs("operator", Roles.TRAINER_OPERATOR);
    }

    @AfterEach
    void anonymousAgain() {
        SecretsTestResource.anonymous();
    }

    @Inject
    CheckpointStore checkpoints;

    /** A lineage of {@code n} versions (tiny stand-in checkpoints: the listing reads manifests, not weights). */
    void lineage(String modelId, int n) {
        if (checkpoints.latestVersion(modelId).isPresent()) {
            return;
        }
        TrainingSpec spec = new TrainingSpec("synthetic", 200, 50, "small-cnn", 1, 1, 32, 0.05);
        ModelManifest m = checkpoints.publish("v1".getBytes(StandardCharsets.UTF_8), new ModelManifest(modelId, null,
                null, null, null, null, spec.datasetId(), spec, "trainer:original", List.of(1, 2, 3, 4, 5), List.of(9),
                List.of(), List.of(), null));
        for (int i = 2; i <= n; i++) {
            m = checkpoints.publish(("v" + i).getBytes(StandardCharsets.UTF_8),
                    m.successor("unlearner:FT", List.of(i - 1), List.of("fr-" + i)));
        }
        checkpoints.release(modelId, m.version(), "test");
    }

    @Test
    void theOpenApiDocumentDeclaresSchemasAndEveryStatus() {
        String json = given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        assertThat(OpenApiContract.violations(json)).isEmpty();
        // the generated client (module api-client) is built from a copy of this very document
        assertThat(OpenApiContract.driftFromClientCopy(json, java.nio.file.Path.of("..").toAbsolutePath().normalize(),
                "trainer-service")).isEmpty();
        assertThat(json).contains("\"listModelVersions\"", "\"submitTrainingJob\"", "\"getServiceInfo\"");
    }

    @Test
    void versionsArePagedOldestFirstWithTheRelease() {
        lineage("tr-versions", 5);
        var first = given().get("/api/v1/models/tr-versions/versions?limit=2").then().statusCode(200)
                .body("items", hasSize(2)).body("items[0].parentVersion", nullValue())
                .body("items[1].parentVersion", equalTo(checkpoints.versions("tr-versions").get(0)))
                .body("items[1].forgottenSampleCount", equalTo(1)).extract();
        List<String> seen = new java.util.ArrayList<>(first.path("items.version"));
        String token = first.path("nextPageToken");
        while (token != null) {
            var page = given().queryParam("limit", 2).queryParam("pageToken", token)
                    .get("/api/v1/models/tr-versions/versions").then().statusCode(200).extract();
            seen.addAll(page.path("items.version"));
            token = page.path("nextPageToken");
        }
        assertThat(seen).containsExactlyElementsOf(checkpoints.versions("tr-versions"));
        given().get("/api/v1/models/tr-versions/versions?limit=5").then().body("items[4].released", equalTo(true))
                .body("items[3].released", equalTo(false)).body("nextPageToken", nullValue());
    }

    @Test
    void errorsAreProblemDetails() {
        lineage("tr-exists", 1);
        given().contentType(ContentType.JSON).body(Map.of("modelId", "tr-exists", "dataset", "synthetic"))
                .post("/api/v1/training-jobs").then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("urn:deepunlearn:problem:conflict")).body("status", equalTo(409))
                .body("detail", containsString("tr-exists already exists"))
                .body("instance", equalTo("/api/v1/training-jobs"));
        given().contentType(ContentType.JSON).body(Map.of("dataset", "nope")).post("/api/v1/training-jobs").then()
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("urn:deepunlearn:problem:validation-failed"))
                .body("errors[0].field", equalTo("dataset"));
        given().contentType(ContentType.JSON).body("{\"dataset\": \"synthetic\", \"epochs\": \"many\"}")
                .post("/api/v1/training-jobs").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("epochs"));
        given().get("/api/v1/models/no-such-model/versions").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("unknown model"));
        given().get("/api/v1/models/tr-exists/versions?limit=0").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        given().get("/api/v1/models/tr-exists/versions?pageToken=bm9wZQ").then().statusCode(400)
                .body("detail", containsString("page token"));
        given().get("/api/v1/training-jobs/job-unknown").then().statusCode(404)
                .contentType("application/problem+json").body("title", equalTo("Not found"));
    }
}
