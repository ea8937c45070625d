package io.deepunlearn.auditor;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.deepunlearn.infra.testing.PipelineTestResource;
import io.deepunlearn.pipeline.event.ModelVersionRef;
import io.deepunlearn.pipeline.security.RequestAccess;
import io.deepunlearn.pipeline.security.Roles;
import io.deepunlearn.pipeline.security.SignedJson;
import io.deepunlearn.pipeline.security.TrustedKeys;
import io.deepunlearn.pipeline.event.UliraFigures;
import io.deepunlearn.pipeline.storage.ErasureReceipt;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The auditor's receipts against every role and the capability; the served file is the signed one. */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(SecretsTestResource.class)
class EndpointSecurityTest {

    @Inject
    EvidenceStore evidence;
    @Inject
    RequestAccess access;

    static RequestSpecification as(String principal, String... roles) {
        return given().auth().oauth2(SecretsTestResource.secrets().token(principal, Duration.ofMinutes(5), roles));
    }

    @Test
    void receiptsAreReadByReceiptReadersTheOwnerOrTheCapabilityOnly() {
        ModelVersionRef ref = new ModelVersionRef("m", "000001-abc", "models/m/versions/000001-abc/checkpoint.bin", "ab", null);
        evidence.putIfAbsent(new ErasureReceipt(ErasureReceipt.SCHEMA_VERSION, "fr-sec-1", "m", "ds", List.of(), "FT",
                ref, ref, "pass", List.of(), "pass", null, UliraFigures.unavailable("no shadow models yet"),
                Map.of("miaMax", 0.6), "released", Instant.now(), Instant.now()));
        String capability = access.grant("fr-sec-1", "controller-a");
        String url = "/api/v1/receipts/fr-sec-1";

        // refusals are RFC 9457 problems like every other error
        given().get(url).then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer").body("type", equalTo("urn:deepunlearn:problem:unauthorized"));
        as("ops", Roles.TRAINER_OPERATOR).get(url).then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("urn:deepunlearn:problem:forbidden"));
        as("controller-b", Roles.ERASURE_REQUESTER).get(url).then().statusCode(404)
                .body("detail", equalTo("no receipt for fr-sec-1 (yet)"));
        as("controller-a", Roles.ERASURE_REQUESTER).get(url).then().statusCode(200).body("requestId", equalTo("fr-sec-1"));
        given().header(RequestAccess.CAPABILITY_HEADER, capability).get(url).then().statusCode(200);
        given().header(RequestAccess.CAPABILITY_HEADER, "cap-wrong").get(url).then().statusCode(404);
        byte[] served = as("auditor", Roles.RECEIPT_READER).get(url).then().statusCode(200).extract().asByteArray();
        // what is served verifies offline with the auditor's public key alone
        assertThat(SignedJson.verify(served, TrustedKeys.of("auditor-local",
                SecretsTestResource.secrets().receiptPublicKey()), "receipt").get("requestId").asText()).isEqualTo("fr-sec-1");
        given().get("/api/v1/info").then().statusCode(401).contentType("application/problem+json");
        as("auditor", Roles.RECEIPT_READER).get("/api/v1/info").then().statusCode(200);
    }
}
