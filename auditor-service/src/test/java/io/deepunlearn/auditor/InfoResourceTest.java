package io.deepunlearn.auditor;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class InfoResourceTest {

    @Test
    void reportsItsRoleAndIsHealthy() {
        given().when().get("/api/v1/info").then().statusCode(200).body("role", equalTo("auditor"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
