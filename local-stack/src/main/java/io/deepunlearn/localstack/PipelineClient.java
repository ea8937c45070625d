package io.deepunlearn.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.pipeline.event.RequestStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/** A small client of the three services' REST APIs (the demo, the load harness, the end-to-end test). */
public final class PipelineClient {

    public static final ObjectMapper JSON = new ObjectMapper();
    /** HTTP/1.1: one connection per request in flight, no h2c upgrade dance, predictable under load. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * Under offered load the intake queues requests; a short client timeout would orphan requests it accepts
     * later (lost to the harness, yet unlearned), so asynchronous posts wait long.
     */
    private static final Duration ASYNC_TIMEOUT = Duration.ofMinutes(5);
    private final String trainer;
    private final String unlearner;
    private final String auditor;

    public PipelineClient(String trainer, String unlearner, String auditor) {
        this.trainer = trainer;
        this.unlearner = unlearner;
        this.auditor = auditor;
    }

    /** An HTTP answer: status and parsed JSON body (null when empty). */
    public record Reply(int status, JsonNode body) {
    }

    public Reply post(String url, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body instanceof String s ? s.getBytes()
                            : JSON.writeValueAsBytes(body))).timeout(Duration.ofSeconds(60)).build());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + ": " + e.getMessage(), e);
        }
    }

    /** POST without waiting: the answer (or the transport error) completes the future. */
    public CompletableFuture<Reply> postAsync(String url, Object body) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .timeout(ASYNC_TIMEOUT).build();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
            try {
                return new Reply(r.statusCode(), r.body().length == 0 ? null : JSON.readTree(r.body()));
            } catch (IOException e) {
                throw new UncheckedIOException("POST " + url + ": unreadable answer", e);
            }
        });
    }

    public Reply get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.body().length == 0 ? null : JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public Reply train(Object body) {
        return post(trainer + "/api/v1/training-jobs", body);
    }

    public Reply forget(Object body) {
        return post(unlearner + "/api/v1/forget-requests", body);
    }

    /** {@link #forget} without waiting (the load harness sends open-loop). */
    public CompletableFuture<Reply> forgetAsync(Object body) {
        return postAsync(unlearner + "/api/v1/forget-requests", body);
    }

    public Reply receipt(String requestId) {
        return get(auditor + "/api/v1/receipts/" + requestId);
    }

    /** Polls a training job until it ends; returns its last state. */
    public JsonNode awaitJob(String jobId, Duration timeout) {
        return poll(trainer + "/api/v1/training-jobs/" + jobId, j -> Set.of("SUCCEEDED", "FAILED").contains(j.path("status").asText()), timeout);
    }

    /** Polls a forget request until its status is one of {@code statuses}. */
    public JsonNode awaitRequest(String requestId, Set<RequestStatus> statuses, Duration timeout) {
        return poll(unlearner + "/api/v1/forget-requests/" + requestId,
                j -> statuses.stream().anyMatch(s -> s.name().equals(j.path("status").asText())), timeout);
    }

    /** The status of a forget request as the unlearner's REST API shows it. */
    public static RequestStatus statusOf(JsonNode request) {
        return RequestStatus.valueOf(request.path("status").asText());
    }

    /** Polls until the receipt exists. */
    public JsonNode awaitReceipt(String requestId, Duration timeout) {
        return poll(auditor + "/api/v1/receipts/" + requestId, j -> j.has("outcome"), timeout);
    }

    private JsonNode poll(String url, Predicate<JsonNode> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Reply r = get(url);
            if (r.status() == 200 && r.body() != null) {
                last = r.body();
                if (done.test(last)) {
                    return last;
                }
            }
            ServiceProcess.sleep(300);
        }
        throw new IllegalStateException("timed out after " + timeout + " waiting on " + url + " (last: " + last + ")");
    }
}
