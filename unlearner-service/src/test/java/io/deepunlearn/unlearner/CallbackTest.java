package io.deepunlearn.unlearner;

import io.deepunlearn.pipeline.security.Roles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import io.deepunlearn.infra.testing.PipelineTestResource;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.ml.ModelTrainer;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A callback URL given at intake is called when the request closes: the request runs in this service (FT, to
 * UNLEARNED), then is published through the lifecycle as the auditor would; a real HTTP server on loopback answers
 * 500 first, then 200; the request's view shows the durable delivery state.
 */
@Tag("slow")
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(SecretsTestResource.class)
class CallbackTest {

    /** Calls go out as an erasure-requester (the 401/403 matrix is EndpointSecurityTest's). */
    @BeforeEach
    void authenticate() {
        SecretsTestResource.authenticateAs("controller", Roles.ERASURE_REQUESTER);
    }

    @AfterEach
    void anonymousAgain() {
        SecretsTestResource.anonymous();
    }

    @Inject
    CheckpointStore checkpoints;
    @Inject
    ManifestStore manifests;
    @Inject
    RequestLifecycle lifecycle;

    @Test
    void theCallbackIsRetriedUntilTheReceiverTakesIt() throws Exception {
        ModelManifest m = checkpoints.latest("unl-cb").orElseGet(() -> ModelTrainer.trainAndPublish("unl-cb",
                new TrainingSpec("synthetic", 240, 60, "small-cnn", 0, 1, 32, 0.05), "test:original", null, Set.of(),
                manifests, checkpoints));
        List<Map<String, Object>> calls = new CopyOnWriteArrayList<>();
        AtomicInteger attempts = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/erasures", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean fail = attempts.incrementAndGet() == 1;
            if (!fail) {
                @SuppressWarnings("unchecked")
                Map<String, Object> payload = EventCodec.JSON.readValue(body, Map.class);
                payload.put("delivery", exchange.getRequestHeaders().getFirst("DeepUnlearn-Delivery"));
                calls.add(payload);
            }
            exchange.sendResponseHeaders(fail ? 500 : 200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/erasures?tenant=t1";
            String id = given().contentType(ContentType.JSON).body(Map.of("sampleIds", m.trainSampleIds().subList(0, 2),
                    "modelId", "unl-cb", "callbackUrl", url)).post("/api/v1/forget-requests").then().statusCode(202)
                    .extract().path("requestId");
            given().get("/api/v1/forget-requests/" + id).then().body("callback.url", equalTo(url));
            await().atMost(Duration.ofSeconds(120)).until(() -> "UNLEARNED".equals(
                    given().get("/api/v1/forget-requests/" + id).then().extract().path("status")));
            assertThat(attempts).hasValue(0); // not closed yet: nobody is called

            String version = lifecycle.find(id).orElseThrow().version();
            lifecycle.published(id, version, "released (test stands in for the auditor)");
            await().atMost(Duration.ofSeconds(30)).until(() -> calls.size() == 1);
            assertThat(attempts).hasValue(2);
            assertThat(calls.get(0)).containsEntry("requestId", id).containsEntry("status", "PUBLISHED")
                    .containsEntry("version", version).containsEntry("delivery", id);
            given().get("/api/v1/forget-requests/" + id).then().body("callback.state", equalTo("DELIVERED"))
                    .body("callback.attempts", equalTo(2)).body("callback.lastError", equalTo("HTTP 500"));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void callbackUrlsThatCouldLeakOrBeAbusedAreRefused() {
        for (String bad : List.of("ftp://example.com/x", "https://user:pw@example.com/x", "not a url")) {
            given().contentType(ContentType.JSON).body(Map.of("sampleIds", List.of(1), "modelId", "unl-cb",
                    "callbackUrl", bad)).post("/api/v1/forget-requests").then().statusCode(422)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("callbackUrl"))
                    .body("detail", containsString("callbackUrl"));
        }
    }
}
