package io.deepunlearn.pipeline.callback;

import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import io.deepunlearn.pipeline.storage.RequestStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the callback URLs of closed requests, from the durable outbox ({@link CallbackStore}), with retries and
 * exponential backoff; the state of each delivery (attempts, next attempt, last error) is written after every
 * attempt, so a crash or a restart loses nothing and repeats at most the attempt in flight (at-least-once). The
 * request's record is the truth: a pending delivery whose record is not closed yet waits for it.
 *
 * <p>Only the replica that owns the request's model delivers (no two replicas call for the same request). The
 * call is a POST of {@link CallbackPayload} with {@code DeepUnlearn-Delivery} (the request id, for de-duplication),
 * {@code DeepUnlearn-Attempt}, the W3C {@code traceparent} of the request's trace, and, with a signing key,
 * {@code DeepUnlearn-Signature: sha256=<hex HMAC of the body>}. Redirects are not followed; any 2xx is success.
 */
public final class CallbackDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDispatcher.class);
    private static final int BATCH = 100;

    private final CallbackStore deliveries;
    private final RequestStore requests;
    private final CallbackSettings settings;
    private final Predicate<String> owns;
    private final Clock clock;
    private final HttpClient http;

    public CallbackDispatcher(CallbackStore deliveries, RequestStore requests, CallbackSettings settings,
                              Predicate<String> owns, Clock clock) {
        this.deliveries = deliveries;
        this.requests = requests;
        this.settings = settings;
        this.owns = owns;
        this.clock = clock;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout()).build();
    }

    private ScheduledExecutorService timer;

    /** Polls every {@code poll-interval} on a thread of its own (a slow receiver delays nothing else). */
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "callback-dispatcher");
            t.setDaemon(true);
            return t;
        });
        long ms = settings.pollInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                LOG.warn("callback pass failed (retried on the next pass): {}", e.getMessage());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }

    /** One pass over the pending deliveries; returns how many were delivered. */
    public int runOnce() {
        int delivered = 0;
        String after = null;
        List<String> ids;
        do {
            ids = deliveries.pending(after, BATCH);
            for (String id : ids) {
                delivered += process(id) ? 1 : 0;
                after = id;
            }
        } while (ids.size() == BATCH);
        return delivered;
    }

    private boolean process(String requestId) {
        Optional<CallbackDelivery> pending = deliveries.findPending(requestId);
        if (pending.isEmpty()) {
            return false;
        }
        CallbackDelivery d = pending.get();
        if (!owns.test(d.modelId())) {
            return false;
        }
        if (deliveries.findDone(requestId).isPresent()) {
            deliveries.dropPending(requestId); // a crash between finishing and dropping
            return false;
        }
        Instant now = clock.instant();
        if (d.nextAttemptAt() != null && now.isBefore(d.nextAttemptAt())) {
            return false;
        }
        Optional<ForgetRequestRecord> record = requests.find(requestId);
        if (record.isEmpty()) {
            deliveries.dropPending(requestId); // withdrawn: never accepted
            return false;
        }
        if (!record.get().closed()) {
            return false; // the outbox entry was written, the closing record not yet (or a crash in between)
        }
        String error = attempt(d, record.get());
        if (error == null) {
            deliveries.finish(d.finished(CallbackDelivery.State.DELIVERED, null, clock.instant()));
            LOG.info("callback for {} delivered after {} attempt(s)", requestId, d.attempts() + 1);
            return true;
        }
        if (d.attempts() + 1 >= settings.maxAttempts()) {
            deliveries.finish(d.finished(CallbackDelivery.State.GAVE_UP, error, clock.instant()));
            LOG.warn("callback for {} given up after {} attempts: {}", requestId, d.attempts() + 1, error);
        } else {
            deliveries.update(d.failed(error, clock.instant().plus(settings.backoff(d.attempts() + 1))));
            LOG.info("callback for {} failed (attempt {}): {}", requestId, d.attempts() + 1, error);
        }
        return false;
    }

    /** One call; null on success, else what went wrong. */
    private String attempt(CallbackDelivery d, ForgetRequestRecord r) {
        URI uri;
        try {
            uri = CallbackUrls.checkResolved(d.url(), settings);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return e.getMessage();
        }
        byte[] body = EventCodec.encode(CallbackPayload.of(r));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "deepunlearn-callbacks/1")
                .header("DeepUnlearn-Delivery", r.requestId())
                .header("DeepUnlearn-Attempt", String.valueOf(d.attempts() + 1))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (r.traceparent() != null) {
            request.header("traceparent", r.traceparent());
        }
        if (settings.signingKey() != null) {
            request.header("DeepUnlearn-Signature", "sha256=" + hmac(settings.signingKey(), body));
        }
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? null : "HTTP " + status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (java.io.IOException e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    /** HMAC-SHA256 of {@code body}, hex; receivers recompute it with the shared key. */
    public static String hmac(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
