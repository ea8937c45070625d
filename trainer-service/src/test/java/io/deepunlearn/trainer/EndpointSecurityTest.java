package io.deepunlearn.trainer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.deepunlearn.infra.testing.PipelineTestResource;
import io.deepunlearn.pipeline.security.Roles;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trainer's REST API against every role, and the job size limits of the operator role. */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(SecretsTestResource.class)
class EndpointSecurityTest {

    private static final String JOBS = "/api/v1/training-jobs";

    static RequestSpecification as(String principal, String... roles) {
        return given().auth().oauth2(SecretsTestResource.secrets().token(principal, Duration.ofMinutes(5), roles));
    }

    @Test
    void onlyTrainerOperatorsStartOrReadJobs() {
        Map<String, Object> tooBig = Map.of("dataset", "synthetic", "epochs", 51);
        given().contentType(ContentType.JSON).body(tooBig).post(JOBS).then().statusCode(401);
        given().get(JOBS + "/job-x").then().statusCode(401);
        for (String wrong : new String[] {Roles.ERASURE_REQUESTER, Roles.RECEIPT_READER}) {
            as("someone", wrong).contentType(ContentType.JSON).body(tooBig).post(JOBS).then().statusCode(403);
            as("someone", wrong).get(JOBS + "/job-x").then().statusCode(403);
        }
        as("ops", Roles.TRAINER_OPERATOR).get(JOBS + "/job-x").then().statusCode(404);
        given().get("/api/v1/info").then().statusCode(401);
        as("ops", Roles.TRAINER_OPERATOR).get("/api/v1/info").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
    }

    /** Every trainer endpoint (bring-your-own included): anonymous 401, another role 403, both as problems. */
    @Test
    void everyEndpointNeedsTheTrainerOperatorRole() {
        // method, path, content type (a body of the right type: media-type checks come before authentication)
        java.util.List<String[]> endpoints = java.util.List.of(
                new String[] {"POST", JOBS, "application/json"}, new String[] {"GET", JOBS + "/job-x", null},
                new String[] {"POST", "/api/v1/datasets", "application/json"},
                new String[] {"GET", "/api/v1/datasets/d", null},
                new String[] {"PUT", "/api/v1/datasets/d/files/dataset.json", "application/octet-stream"},
                new String[] {"POST", "/api/v1/models", "multipart/form-data"},
                new String[] {"GET", "/api/v1/models/m/weights", null},
                new String[] {"GET", "/api/v1/models/m/versions", null},
                new String[] {"POST", "/api/v1/subject-mappings/d", "text/csv"},
                new String[] {"GET", "/api/v1/subject-mappings/d", null});
        for (String[] e : endpoints) {
            RequestSpecification anonymous = given();
            RequestSpecification wrongRole = as("controller", Roles.ERASURE_REQUESTER);
            if (e[2] != null) {
                byte[] body = (e[2].startsWith("multipart") ? "--x--" : "{}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                anonymous.contentType(e[2]).body(body);
                wrongRole.contentType(e[2]).body(body);
            }
            anonymous.request(e[0], e[1]).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer")
                    .body("type", org.hamcrest.Matchers.equalTo("urn:deepunlearn:problem:unauthorized"));
            wrongRole.request(e[0], e[1]).then().statusCode(403).contentType("application/problem+json")
                    .body("type", org.hamcrest.Matchers.equalTo("urn:deepunlearn:problem:forbidden"));
        }
    }

    @Test
    void jobSizesAreBounded() {
        as("ops", Roles.TRAINER_OPERATOR).contentType(ContentType.JSON).body(Map.of("dataset", "synthetic", "epochs", 51))
                .post(JOBS).then().statusCode(422).body(containsString("epochs 51 exceeds this trainer's limit of 50"));
        as("ops", Roles.TRAINER_OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("dataset", "synthetic", "trainLimit", 60_001)).post(JOBS).then().statusCode(422)
                .body(containsString("trainLimit 60001 exceeds"));
        as("ops", Roles.TRAINER_OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("dataset", "synthetic", "batchSize", 2048)).post(JOBS).then().statusCode(422)
                .body(containsString("batchSize 2048 exceeds"));
    }
}
