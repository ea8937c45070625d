package io.deepunlearn.pipeline.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.deepunlearn.infra.EmbeddedS3;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.lifecycle.LifecycleSettings;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.storage.Buckets;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord.Retry;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.deepunlearn.pipeline.storage.S3Settings;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import io.deepunlearn.pipeline.event.ForgetRequested;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Callbacks end to end below the services: the lifecycle closes a request (real S3 server in-process), the
 * dispatcher POSTs to a real HTTP server on loopback. A receiver that fails first is retried with backoff; the
 * delivery state is durable (a new dispatcher, as after a crash, carries on from it); a request whose outbox entry
 * exists but whose record is not closed yet (a crash between the two writes) is called only once it closes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallbackDispatcherTest {

    EmbeddedS3 s3;
    ObjectStore store;
    RequestStore requests;
    CallbackStore deliveries;
    RequestLifecycle lifecycle;
    HttpServer receiver;
    final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    final List<String> signatures = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile Instant now = Instant.parse("2026-03-01T10:00:00Z");
    final Clock clock = new Clock() {
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now;
        }
    };
    final AtomicInteger seq = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        s3 = EmbeddedS3.startTemporary();
        store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), null));
        Buckets.defaults().ensure(store);
        requests = new RequestStore(store, "models");
        deliveries = new CallbackStore(store, "models");
        lifecycle = new RequestLifecycle(requests, new TombstoneStore(store, "datasets"), e -> { },
                LifecycleSettings.defaults(), clock, deliveries, () -> "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/cb", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = failuresLeft.getAndDecrement() > 0 ? 503 : 204;
            if (status == 204) {
                @SuppressWarnings("unchecked")
                Map<String, Object> payload = EventCodec.JSON.readValue(body, Map.class);
                payload.put("attemptHeader", exchange.getRequestHeaders().getFirst("DeepUnlearn-Attempt"));
                payload.put("traceparentHeader", exchange.getRequestHeaders().getFirst("traceparent"));
                received.add(payload);
                signatures.add(exchange.getRequestHeaders().getFirst("DeepUnlearn-Signature") + " "
                        + CallbackDispatcher.hmac("k3y", body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterAll
    void stop() {
        receiver.stop(0);
        store.close();
        s3.close();
    }

    @BeforeEach
    void fresh() {
        received.clear();
        signatures.clear();
        failuresLeft.set(0);
    }

    CallbackSettings settings() {
        return new CallbackSettings(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30), 4,
                Duration.ofSeconds(5), false, List.of(), true, "k3y");
    }

    CallbackDispatcher dispatcher() {
        return new CallbackDispatcher(deliveries, requests, settings(), m -> true, clock);
    }

    String url() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/cb";
    }

    String receive(String callbackUrl) {
        String id = "fr-cb-" + seq.incrementAndGet();
        lifecycle.receive(new ForgetRequested(1, id, "m-cb", "ds", null, List.of(1, 2), null, now, callbackUrl));
        return id;
    }

    @Test
    void aReceiverThatFailsFirstIsRetriedWithBackoffAndStateSurvivesARestart() {
        String id = receive(url());
        lifecycle.advance(id, RequestStatus.UNLEARNING, null, null);
        assertThat(dispatcher().runOnce()).isZero(); // not closed: nothing due
        lifecycle.published(id, "000002-abc", "released");
        failuresLeft.set(1);

        CallbackDispatcher first = dispatcher();
        assertThat(first.runOnce()).isZero();
        CallbackDelivery afterFailure = deliveries.findPending(id).orElseThrow();
        assertThat(afterFailure.attempts()).isEqualTo(1);
        assertThat(afterFailure.lastError()).isEqualTo("HTTP 503");
        assertThat(afterFailure.nextAttemptAt()).isEqualTo(now.plusSeconds(2));
        assertThat(first.runOnce()).as("backing off").isZero();

        // "crash": that dispatcher is gone; a new one (another process) carries on from the durable state
        now = now.plusSeconds(3);
        assertThat(dispatcher().runOnce()).isEqualTo(1);
        assertThat(received).singleElement().satisfies(p -> {
            assertThat(p).containsEntry("requestId", id).containsEntry("status", "PUBLISHED")
                    .containsEntry("version", "000002-abc").containsEntry("receipt", "/api/v1/receipts/" + id)
                    .containsEntry("attemptHeader", "2")
                    .containsEntry("traceparentHeader", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        });
        assertThat(signatures).singleElement().satisfies(s -> {
            String[] parts = s.split(" ");
            assertThat(parts[0]).isEqualTo("sha256=" + parts[1]);
        });
        CallbackDelivery done = deliveries.find(id).orElseThrow();
        assertThat(done.state()).isEqualTo(CallbackDelivery.State.DELIVERED);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(deliveries.findPending(id)).isEmpty();
        assertThat(dispatcher().runOnce()).as("delivered once").isZero();
    }

    @Test
    void anOutboxEntryWithoutItsClosingRecordWaitsForTheRecord() {
        String id = receive(url());
        // as if the process died after the outbox write and before the closing record
        deliveries.enqueue(CallbackDelivery.pending(id, "m-cb", url(), now));
        assertThat(dispatcher().runOnce()).isZero();
        assertThat(received).isEmpty();
        lifecycle.fail(id, "model deleted", Retry.PERMANENT);
        assertThat(dispatcher().runOnce()).isEqualTo(1);
        assertThat(received).singleElement().satisfies(p -> assertThat(p).containsEntry("status", "FAILED")
                .containsEntry("reason", "model deleted"));
    }

    @Test
    void aRetryableFailureIsNotAnEndButGivingUpIs() {
        String id = receive(url());
        lifecycle.fail(id, "s3 down", Retry.RETRYABLE);
        assertThat(deliveries.find(id)).isEmpty();
        failuresLeft.set(100);
        lifecycle.fail(id, "s3 down", Retry.RETRYABLE); // no-op: FAILED cannot move
        lifecycle.redrive(requests.find(id).orElseThrow());
        lifecycle.fail(id, "gave up", Retry.PERMANENT);
        for (int i = 0; i < 4; i++) {
            dispatcher().runOnce();
            now = now.plusSeconds(60);
        }
        CallbackDelivery end = deliveries.find(id).orElseThrow();
        assertThat(end.state()).isEqualTo(CallbackDelivery.State.GAVE_UP);
        assertThat(end.attempts()).isEqualTo(4);
        assertThat(end.lastError()).isEqualTo("HTTP 503");
        assertThat(received).isEmpty();
    }

    @AfterEach
    void reset() {
        failuresLeft.set(0);
    }
}
