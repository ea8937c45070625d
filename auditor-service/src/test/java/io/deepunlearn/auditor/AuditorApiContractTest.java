package io.deepunlearn.auditor;

import io.deepunlearn.pipeline.security.Roles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.deepunlearn.infra.testing.OpenApiContract;
import io.deepunlearn.infra.testing.PipelineTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The auditor's API contract: its OpenAPI document and receipts' errors as RFC 9457 problems. */
@Tag("slow")
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(SecretsTestResource.class)
class AuditorApiContractTest {

    /** Calls go out as a receipt-reader (the 401/403 matrix is EndpointSecurityTest's). */
    @BeforeEach
    void authenticate() {
        SecretsTestResource.authenticateAs("auditor", Roles.RECEIPT_READER);
    }

    @AfterEach
    void anonymousAgain() {
        SecretsTestResource.anonymous();
    }

    @Test
    void theOpenApiDocumentDeclaresSchemasAndEveryStatus() {
        String json = given().accept(ContentType.JSON).get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        assertThat(OpenApiContract.violations(json)).isEmpty();
        // the generated client (module api-client) is built from a copy of this very document
        assertThat(OpenApiContract.driftFromClientCopy(json, java.nio.file.Path.of("..").toAbsolutePath().normalize(),
                "auditor-service")).isEmpty();
        assertThat(json).contains("\"getReceipt\"", "\"ErasureReceipt\"");
    }

    @Test
    void receiptErrorsAreProblemDetails() {
        given().get("/api/v1/receipts/fr-none").then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("urn:deepunlearn:problem:not-found")).body("status", equalTo(404))
                .body("instance", equalTo("/api/v1/receipts/fr-none")).body("detail", containsString("no receipt"));
        given().urlEncodingEnabled(false).get("/api/v1/receipts/a%20b").then().statusCode(400).contentType("application/problem+json")
                .body("instance", equalTo("/api/v1/receipts/a%20b"));
        given().get("/api/v1/info").then().statusCode(200).body("role", equalTo("auditor"));
    }
}
