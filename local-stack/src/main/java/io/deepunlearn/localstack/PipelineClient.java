package io.deepunlearn.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.pipeline.event.RequestStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import io.deepunlearn.client.auditor.api.ReceiptsApi;
import io.deepunlearn.client.trainer.api.TrainingJobsApi;
import io.deepunlearn.client.trainer.model.TrainingJobBody;
import io.deepunlearn.client.unlearner.api.ForgetRequestsApi;
import io.deepunlearn.client.unlearner.model.ForgetRequestBody;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * The three services' REST APIs for the demo, the load harness and the end-to-end tests, on the clients generated
 * from their OpenAPI documents (module api-client): a wrong field name or type is a compile error here. Answers
 * come back as {@link Reply} (status and JSON body, errors as RFC 9457 problems). {@link #get} and {@link #post}
 * stay for what is not a service API (Prometheus) or deliberately not valid (malformed bodies in tests). It
 * authenticates like a real client: a bearer token per role (trainer operator, erasure requester, receipt reader)
 * from the OIDC provider ({@link io.deepunlearn.pipeline.security.LocalSecrets#token} in the local stack).
 */
public final class PipelineClient {

    /** Java time as ISO-8601 strings, as the services write them: the generated models carry OffsetDateTime fields. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** HTTP/1.1: one connection per request in flight, no h2c upgrade dance, predictable under load. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /**
     * Under offered load the intake queues requests; a short client timeout would orphan requests it accepts
     * later (lost to the harness, yet unlearned), so forget requests wait long.
     */
    private static final Duration ASYNC_TIMEOUT = Duration.ofMinutes(5);
    private final String unlearner;
    private final String trainer;
    private final String auditor;
    private final Tokens tokens;
    private final TrainingJobsApi trainingJobs;
    private final ForgetRequestsApi forgetRequests;
    private final ReceiptsApi receipts;

    /**
     * Bearer tokens, one per role: {@code operator} for the trainer's jobs, {@code requester} to file forget
     * requests and follow them (as their owner), {@code reader} to read receipts. A null token sends no header.
     */
    public record Tokens(String operator, String requester, String reader) {
        public static final Tokens NONE = new Tokens(null, null, null);
    }

    /** An anonymous client (every protected endpoint answers 401). */
    public PipelineClient(String trainer, String unlearner, String auditor) {
        this(trainer, unlearner, auditor, Tokens.NONE);
    }

    public PipelineClient(String trainer, String unlearner, String auditor, Tokens tokens) {
        this.trainer = trainer;
        this.unlearner = unlearner;
        this.auditor = auditor;
        this.tokens = tokens;
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        this.trainingJobs = new TrainingJobsApi(new io.deepunlearn.client.trainer.ApiClient(builder,
                io.deepunlearn.client.trainer.ApiClient.createDefaultObjectMapper(), trainer)
                .setReadTimeout(Duration.ofSeconds(60)).setRequestInterceptor(bearer(tokens.operator())));
        this.forgetRequests = new ForgetRequestsApi(new io.deepunlearn.client.unlearner.ApiClient(builder,
                io.deepunlearn.client.unlearner.ApiClient.createDefaultObjectMapper(), unlearner)
                .setReadTimeout(ASYNC_TIMEOUT).setRequestInterceptor(bearer(tokens.requester())));
        this.receipts = new ReceiptsApi(new io.deepunlearn.client.auditor.ApiClient(builder,
                io.deepunlearn.client.auditor.ApiClient.createDefaultObjectMapper(), auditor)
                .setReadTimeout(Duration.ofSeconds(30)).setRequestInterceptor(bearer(tokens.reader())));
    }

    /** Adds {@code Authorization: Bearer <token>} to each request of a generated client (none for a null token). */
    private static java.util.function.Consumer<HttpRequest.Builder> bearer(String token) {
        return b -> {
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
        };
    }

    /** The bearer token for a raw URL of this stack, by service (null: none). */
    private String tokenFor(String url) {
        if (url.startsWith(trainer)) {
            return tokens.operator();
        }
        if (url.startsWith(unlearner)) {
            return tokens.requester();
        }
        if (url.startsWith(auditor)) {
            return tokens.reader();
        }
        return null;
    }

    private HttpRequest.Builder authorized(String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        String token = tokenFor(url);
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    /** An HTTP answer: status and parsed JSON body (null when empty). */
    public record Reply(int status, JsonNode body) {
    }

    /** The bearer tokens this client sends (e.g. for a {@link ByoClient} of the same stack). */
    public Tokens tokens() {
        return tokens;
    }

    /** The unlearner's base URL (for raw calls such as a deliberately malformed body). */
    public String unlearnerUrl() {
        return unlearner;
    }

    /** A raw POST (not a service operation: malformed bodies in tests). */
    public Reply post(String url, Object body) {
        try {
            return send(authorized(url).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body instanceof String s ? s.getBytes()
                            : JSON.writeValueAsBytes(body))).timeout(Duration.ofSeconds(60)).build());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + url + ": " + e.getMessage(), e);
        }
    }

    /** A raw GET (Prometheus and other non-API URLs). */
    public Reply get(String url) {
        return send(authorized(url).timeout(Duration.ofSeconds(30)).GET().build());
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

    /** {@code submitTrainingJob}; {@code body} is a {@link TrainingJobBody} or a map of its fields. */
    public Reply train(Object body) {
        try {
            var r = trainingJobs.submitTrainingJobWithHttpInfo(JSON.convertValue(body, TrainingJobBody.class));
            return new Reply(r.getStatusCode(), JSON.valueToTree(r.getData()));
        } catch (io.deepunlearn.client.trainer.ApiException e) {
            return failed("submitTrainingJob", e.getCode(), e.getResponseBody(), e);
        }
    }

    /** {@code submitForgetRequest}; {@code body} is a {@link ForgetRequestBody} or a map of its fields. */
    public Reply forget(Object body) {
        return join(forgetAsync(body));
    }

    /** {@link #forget} without waiting (the load harness sends open-loop). */
    public CompletableFuture<Reply> forgetAsync(Object body) {
        ForgetRequestBody request = JSON.convertValue(body, ForgetRequestBody.class);
        try {
            return forgetRequests.submitForgetRequestWithHttpInfo(request)
                    .thenApply(r -> new Reply(r.getStatusCode(), JSON.valueToTree(r.getData())))
                    .exceptionallyCompose(t -> {
                        Throwable cause = t instanceof java.util.concurrent.CompletionException ? t.getCause() : t;
                        if (cause instanceof io.deepunlearn.client.unlearner.ApiException e && e.getCode() > 0) {
                            return CompletableFuture.completedFuture(
                                    failed("submitForgetRequest", e.getCode(), e.getResponseBody(), e));
                        }
                        return CompletableFuture.failedFuture(cause);
                    });
        } catch (io.deepunlearn.client.unlearner.ApiException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** {@code getForgetRequest}. */
    public Reply request(String requestId) {
        try {
            return join(forgetRequests.getForgetRequestWithHttpInfo(requestId)
                    .thenApply(r -> new Reply(r.getStatusCode(), JSON.valueToTree(r.getData()))));
        } catch (io.deepunlearn.client.unlearner.ApiException e) {
            return failed("getForgetRequest", e.getCode(), e.getResponseBody(), e);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof io.deepunlearn.client.unlearner.ApiException a && a.getCode() > 0) {
                return failed("getForgetRequest", a.getCode(), a.getResponseBody(), a);
            }
            throw e;
        }
    }

    /** {@code getReceipt}. */
    public Reply receipt(String requestId) {
        try {
            var r = receipts.getReceiptWithHttpInfo(requestId);
            return new Reply(r.getStatusCode(), JSON.valueToTree(r.getData()));
        } catch (io.deepunlearn.client.auditor.ApiException e) {
            return failed("getReceipt", e.getCode(), e.getResponseBody(), e);
        }
    }

    /** An error answer as a reply (its problem body parsed); no answer at all (code 0) is a transport failure. */
    private static Reply failed(String operation, int code, String body, Exception e) {
        if (code <= 0) {
            throw new IllegalStateException(operation + ": " + e.getMessage(), e);
        }
        try {
            return new Reply(code, body == null || body.isEmpty() ? null : JSON.readTree(body));
        } catch (IOException parse) {
            return new Reply(code, null);
        }
    }

    private static Reply join(CompletableFuture<Reply> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw new IllegalStateException(e.getCause() == null ? e.getMessage() : e.getCause().getMessage(),
                    e.getCause());
        }
    }

    /** {@code getTrainingJob}. */
    public Reply job(String jobId) {
        try {
            var r = trainingJobs.getTrainingJobWithHttpInfo(jobId);
            return new Reply(r.getStatusCode(), JSON.valueToTree(r.getData()));
        } catch (io.deepunlearn.client.trainer.ApiException e) {
            return failed("getTrainingJob", e.getCode(), e.getResponseBody(), e);
        }
    }

    /** The receipt file exactly as the auditor serves it (its signature field included): what verify-receipt checks. */
    public byte[] receiptBytes(String requestId) {
        HttpRequest request = authorized(auditor + "/api/v1/receipts/" + requestId).timeout(Duration.ofSeconds(30))
                .GET().build();
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + request.uri() + ": HTTP " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Polls a training job until it ends; returns its last state. */
    public JsonNode awaitJob(String jobId, Duration timeout) {
        return poll("training job " + jobId, () -> job(jobId),
                j -> Set.of("SUCCEEDED", "FAILED").contains(j.path("status").asText()), timeout);
    }

    /** Polls a forget request until its status is one of {@code statuses}. */
    public JsonNode awaitRequest(String requestId, Set<RequestStatus> statuses, Duration timeout) {
        return poll("forget request " + requestId, () -> request(requestId),
                j -> statuses.stream().anyMatch(s -> s.name().equals(j.path("status").asText())), timeout);
    }

    /** The status of a forget request as the unlearner's REST API shows it. */
    public static RequestStatus statusOf(JsonNode request) {
        return RequestStatus.valueOf(request.path("status").asText());
    }

    /** Polls until the receipt exists. */
    public JsonNode awaitReceipt(String requestId, Duration timeout) {
        return poll("receipt " + requestId, () -> receipt(requestId), j -> j.has("outcome"), timeout);
    }

    private static JsonNode poll(String what, java.util.function.Supplier<Reply> call, Predicate<JsonNode> done,
                                 Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Reply r = call.get();
            if (r.status() == 200 && r.body() != null) {
                last = r.body();
                if (done.test(last)) {
                    return last;
                }
            }
            ServiceProcess.sleep(300);
        }
        throw new IllegalStateException("timed out after " + timeout + " waiting on " + what + " (last: " + last + ")");
    }
}
