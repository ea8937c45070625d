package io.deepunlearn.unlearner;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.deepunlearn.infra.testing.PipelineTestResource;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.ml.ModelTrainer;
import io.deepunlearn.pipeline.security.BearerTokens;
import io.deepunlearn.pipeline.security.KeyMaterial;
import io.deepunlearn.pipeline.security.LocalSecrets;
import io.deepunlearn.pipeline.security.RequestAccess;
import io.deepunlearn.pipeline.security.Roles;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The unlearner's REST API against every role: anonymous 401, wrong role 403, someone else's request 404 (as if
 * unknown), and the per-request capability. Health, metrics and the OpenAPI document stay open.
 */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(SecretsTestResource.class)
class EndpointSecurityTest {

    private static final String FORGET = "/api/v1/forget-requests";

    @Inject
    CheckpointStore checkpoints;
    @Inject
    ManifestStore manifests;

    static RequestSpecification as(String principal, String... roles) {
        return given().auth().oauth2(SecretsTestResource.secrets().token(principal, Duration.ofMinutes(5), roles));
    }

    void seed() {
        checkpoints.latest("sec-a").orElseGet(() -> ModelTrainer.trainAndPublish("sec-a",
                new TrainingSpec("synthetic", 240, 60, "small-cnn", 0, 1, 32, 0.05), "test:original", null, Set.of(),
                manifests, checkpoints));
    }

    @Test
    void submittingNeedsTheErasureRequesterRole() {
        Map<String, String> body = Map.of("subjectId", "subject-1", "modelId", "sec-a");
        given().contentType(ContentType.JSON).body(body).post(FORGET).then().statusCode(401)
                .contentType("application/problem+json").body("type", equalTo("urn:deepunlearn:problem:unauthorized"));
        as("ops", Roles.TRAINER_OPERATOR).contentType(ContentType.JSON).body(body).post(FORGET).then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("urn:deepunlearn:problem:forbidden"));
        as("auditor", Roles.RECEIPT_READER).contentType(ContentType.JSON).body(body).post(FORGET).then().statusCode(403);
        as("nobody").contentType(ContentType.JSON).body(body).post(FORGET).then().statusCode(403);
        // the role passes authorisation: what follows is validation (no such model)
        as("controller-a", Roles.ERASURE_REQUESTER).contentType(ContentType.JSON)
                .body(Map.of("subjectId", "subject-1", "modelId", "no-such-model")).post(FORGET).then().statusCode(404);
    }

    @Test
    void tokensFromAnotherIssuerKeyOrExpiredAreRejected() {
        String forged = BearerTokens.sign(KeyMaterial.generate("RSA").getPrivate(), LocalSecrets.ISSUER, "controller-a",
                Duration.ofMinutes(5), Roles.ERASURE_REQUESTER);
        given().auth().oauth2(forged).contentType(ContentType.JSON).body(Map.of("subjectId", "s", "modelId", "sec-a"))
                .post(FORGET).then().statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo("the bearer token is invalid or expired"));
        String expired = SecretsTestResource.secrets().token("controller-a", Duration.ofSeconds(-120), Roles.ERASURE_REQUESTER);
        given().auth().oauth2(expired).get("/api/v1/info").then().statusCode(401);
    }

    @Test
    void aRequestIsReadableByItsOwnerAReceiptReaderOrItsCapabilityOnlyAndDuplicatesAreScopedByRequester() {
        seed();
        Map<String, String> body = Map.of("subjectId", "subject-2", "modelId", "sec-a");
        var accepted = as("controller-a", Roles.ERASURE_REQUESTER).contentType(ContentType.JSON).body(body).post(FORGET)
                .then().statusCode(202).extract();
        String id = accepted.path("requestId");
        String capability = accepted.path("requests[0].capability");
        assertThat(id).matches("fr-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(capability).startsWith("cap-").hasSizeGreaterThan(40);

        String url = FORGET + "/" + id;
        given().get(url).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer").body("type", equalTo("urn:deepunlearn:problem:unauthorized"));
        as("ops", Roles.TRAINER_OPERATOR).get(url).then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:deepunlearn:problem:forbidden"));
        // the listing names every requester's requests: receipt readers only
        given().get(FORGET).then().statusCode(401).contentType("application/problem+json");
        as("controller-a", Roles.ERASURE_REQUESTER).get(FORGET).then().statusCode(403)
                .contentType("application/problem+json");
        as("auditor", Roles.RECEIPT_READER).get(FORGET).then().statusCode(200);
        as("controller-b", Roles.ERASURE_REQUESTER).get(url).then().statusCode(404)
                .contentType("application/problem+json").body("detail", equalTo("unknown request " + id));
        as("controller-a", Roles.ERASURE_REQUESTER).get(url).then().statusCode(200).body("requestId", equalTo(id));
        as("auditor", Roles.RECEIPT_READER).get(url).then().statusCode(200);
        given().header(RequestAccess.CAPABILITY_HEADER, capability).get(url).then().statusCode(200);
        given().header(RequestAccess.CAPABILITY_HEADER, "cap-guessed").get(url).then().statusCode(404);
        as("ops", Roles.TRAINER_OPERATOR).header(RequestAccess.CAPABILITY_HEADER, capability).get(url).then().statusCode(200);

        // the owner's repeat is a duplicate naming its own request, without a new capability
        as("controller-a", Roles.ERASURE_REQUESTER).contentType(ContentType.JSON).body(body).post(FORGET).then()
                .statusCode(200).body("status", equalTo("duplicate")).body("requestId", equalTo(id))
                .body("requests[0].capability", nullValue());
        // another requester asking the same never learns the first one's id: it gets its own request
        String other = as("controller-b", Roles.ERASURE_REQUESTER).contentType(ContentType.JSON).body(body).post(FORGET)
                .then().statusCode(202).extract().path("requestId");
        assertThat(other).isNotEqualTo(id);
    }

    @Test
    void infoNeedsAnyValidTokenAndOperationalEndpointsStayOpen() {
        given().get("/api/v1/info").then().statusCode(401);
        for (String role : new String[] {Roles.ERASURE_REQUESTER, Roles.RECEIPT_READER, Roles.TRAINER_OPERATOR}) {
            as("someone", role).get("/api/v1/info").then().statusCode(200);
        }
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
