package io.deepunlearn.pipeline.lifecycle;

import io.deepunlearn.pipeline.callback.CallbackDelivery;
import io.deepunlearn.pipeline.callback.CallbackStore;
import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.RequestStatusChanged;
import io.deepunlearn.pipeline.event.UnlearningCompleted;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.InvalidEventException;
import io.deepunlearn.pipeline.storage.ErasureReceipt;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord.Retry;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a forget request's durable record ({@code requests/{id}.json}) and of the status topic.
 * Every service moves requests only through here. Effects are ordered: <b>durable record first, then the status
 * event</b> (a notification; the record is the truth, so a lost event loses nothing). Moves are forward-only
 * ({@link RequestStatus#canMoveTo}); a repeated or backward move is a logged no-op, never an exception, so a
 * redelivered Kafka record cannot stop a consumer.
 *
 * <p>The record doubles as the pipeline's message log (a transactional outbox kept in the object store): it holds
 * what a crashed step needs to be re-driven (the unlearning outcome from UNLEARNED on, the receipt draft while
 * RETRAINING), and {@link Reconciler}s re-drive from it.
 */
public final class RequestLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLifecycle.class);

    private final RequestStore requests;
    private final TombstoneStore tombstones;
    private final Consumer<RequestStatusChanged> status;
    private final LifecycleSettings settings;
    private final Clock clock;
    private final CallbackStore callbacks;
    private final Supplier<String> traceContext;

    /** {@code status} receives each status event after its record is written (see {@link #statusTopic}). */
    public RequestLifecycle(RequestStore requests, TombstoneStore tombstones, Consumer<RequestStatusChanged> status,
                            LifecycleSettings settings, Clock clock) {
        this(requests, tombstones, status, settings, clock, null, () -> null);
    }

    /**
     * With {@code callbacks}, a request with a callback URL gets a pending delivery when it closes (written before
     * the closing record); {@code traceContext} answers the W3C traceparent of the current span (null: none), kept
     * in a new record so the request's later steps join its trace.
     */
    public RequestLifecycle(RequestStore requests, TombstoneStore tombstones, Consumer<RequestStatusChanged> status,
                            LifecycleSettings settings, Clock clock, CallbackStore callbacks,
                            Supplier<String> traceContext) {
        this.requests = requests;
        this.tombstones = tombstones;
        this.status = status;
        this.settings = settings;
        this.clock = clock;
        this.callbacks = callbacks;
        this.traceContext = traceContext;
    }

    /** Publishes status events to the compacted status topic, keyed by request id. */
    public static Consumer<RequestStatusChanged> statusTopic(EventPublisher publisher, String topic) {
        return e -> publisher.publish(topic, e.requestId(), e, null);
    }

    public LifecycleSettings settings() {
        return settings;
    }

    /** A request as {@link #receive} left it; {@code created} when this call recorded it. */
    public record Received(ForgetRequestRecord record, boolean created) {
    }

    /**
     * Records a validated request as RECEIVED (unless its record exists) and writes its tombstone (again, harmlessly,
     * for a redelivered or re-driven request). The caller may acknowledge the Kafka record once this returns.
     */
    public Received receive(ForgetRequested e) {
        Instant now = clock.instant();
        Instant at = e.requestedAt() == null ? now : e.requestedAt();
        ForgetRequestRecord fresh = ForgetRequestRecord.received(e.requestId(), e.modelId(), e.datasetId(),
                e.sampleIds(), e.method(), at, at.plus(settings.dueAfter())).withOrigin(e.callbackUrl(), traceContext.get());
        boolean created = requests.create(fresh);
        ForgetRequestRecord record = created ? fresh : requests.find(e.requestId()).orElse(fresh);
        // the record's samples are the truth: a re-used id with other content tombstones nothing new
        tombstones.write(record.datasetId(), record.requestId(), record.sampleIds());
        if (created) {
            notify(record);
        }
        return new Received(record, created);
    }

    /**
     * Undoes {@link #receive} for a request that was never accepted (the intake could not publish it and answers
     * 503): its tombstone, record and marker go, so the client's retry is not answered {@code duplicate}.
     */
    public void withdraw(ForgetRequestRecord record) {
        tombstones.withdraw(record.datasetId(), record.requestId());
        requests.delete(record);
    }

    public Optional<ForgetRequestRecord> find(String requestId) {
        return requests.find(requestId);
    }

    /** A page of records, optionally of one status and/or model ({@link RequestStore#page}). */
    public RequestStore.Page page(RequestStatus status, String modelId, int limit, String pageToken) {
        return requests.page(status, modelId, limit, pageToken);
    }

    /**
     * For a consumer's boundary check: each id names a request this pipeline received, for {@code modelId}. An event
     * about requests never received, or another model's, is invalid ({@link InvalidEventException}, a dead letter).
     */
    public void requireReceived(String modelId, List<String> requestIds) {
        for (String id : requestIds) {
            ForgetRequestRecord r = requests.find(id).orElseThrow(() ->
                    new InvalidEventException("no record of request " + id + ": never received by the pipeline"));
            if (!r.modelId().equals(modelId)) {
                throw new InvalidEventException("request " + id + " is for model " + r.modelId() + ", not " + modelId);
            }
        }
    }

    /** The open (not PUBLISHED, not finally FAILED) records of a model; stale markers are dropped on the way. */
    public List<ForgetRequestRecord> open(String modelId) {
        List<ForgetRequestRecord> out = new ArrayList<>();
        for (String id : requests.openRequestIds(modelId)) {
            Optional<ForgetRequestRecord> r = requests.find(id);
            if (r.isPresent() && !r.get().closed()) {
                out.add(r.get());
            } else {
                requests.closeMarker(modelId, id);
            }
        }
        return out;
    }

    /** Every open request of every model, from the markers alone (cheap: a listing, no record reads). */
    public List<RequestStore.OpenMarker> openMarkers() {
        return requests.openMarkers();
    }

    /** FAILED records waiting for a retry are open too (their markers stay until they succeed or give up). */
    public List<String> modelsWithOpenRequests() {
        return requests.openModels();
    }

    public Optional<ForgetRequestRecord> advance(String requestId, RequestStatus to, String reason, String version) {
        return move(requestId, to, r -> r.with(to, reason, version, clock.instant()));
    }

    /** The run's version exists; the record holds the outcome so the audit can be re-driven from it. */
    public Optional<ForgetRequestRecord> unlearned(String requestId, UnlearningCompleted c, String reason) {
        return move(requestId, RequestStatus.UNLEARNED,
                r -> r.with(RequestStatus.UNLEARNED, reason, c.result().version(), clock.instant()).withCompletion(c));
    }

    /** The auditor took the request on; the record holds what it needs to audit again after a crash. */
    public Optional<ForgetRequestRecord> auditing(String requestId, UnlearningCompleted c) {
        return move(requestId, RequestStatus.AUDITING,
                r -> r.with(RequestStatus.AUDITING, null, c.result().version(), clock.instant()).withCompletion(c));
    }

    /** The audit asked for an exact retrain; {@code draft} is the receipt written once the retrain is published. */
    public Optional<ForgetRequestRecord> retraining(String requestId, String failedVersion, String reason,
                                                    ErasureReceipt draft) {
        return move(requestId, RequestStatus.RETRAINING,
                r -> r.with(RequestStatus.RETRAINING, reason, failedVersion, clock.instant()).withReceipt(draft));
    }

    public Optional<ForgetRequestRecord> published(String requestId, String version, String reason) {
        return advance(requestId, RequestStatus.PUBLISHED, reason, version);
    }

    public Optional<ForgetRequestRecord> fail(String requestId, String reason, Retry retry) {
        return move(requestId, RequestStatus.FAILED,
                r -> r.with(RequestStatus.FAILED, reason, null, clock.instant()).withRetry(retry));
    }

    /**
     * Counts a re-drive of the request's current step (its clock restarts, the next re-drive waits twice as long).
     * Past {@code max-attempts} the request FAILs for good. Returns the record to re-drive, or empty to stop.
     */
    public Optional<ForgetRequestRecord> redrive(ForgetRequestRecord r) {
        if (r.attempts() + 1 >= settings.maxAttempts()) {
            fail(r.requestId(), "gave up after " + (r.attempts() + 1) + " attempts; last: "
                    + (r.reason() == null ? r.status() : r.reason()), Retry.PERMANENT);
            return Optional.empty();
        }
        ForgetRequestRecord next = r.redriven(clock.instant());
        if (r.status() == RequestStatus.FAILED) {
            if (r.retry() != Retry.RETRYABLE) {
                return Optional.empty();
            }
            // the one move out of FAILED: a transient failure starts over from RECEIVED
            next = next.with(RequestStatus.RECEIVED, "retry after: " + r.reason(), null, clock.instant());
        }
        requests.save(r, next);
        if (r.status() == RequestStatus.FAILED) {
            notify(next);
        }
        return Optional.of(next);
    }

    /** True when the request's state has sat longer than its (backed-off) deadline. */
    public boolean stale(ForgetRequestRecord r) {
        Instant since = r.updatedAt() == null ? r.receivedAt() : r.updatedAt();
        return since == null || clock.instant().isAfter(since.plus(settings.staleAfter(r.attempts())));
    }

    private Optional<ForgetRequestRecord> move(String requestId, RequestStatus to,
                                               UnaryOperator<ForgetRequestRecord> change) {
        Optional<ForgetRequestRecord> current = requests.find(requestId);
        if (current.isEmpty()) {
            LOG.warn("no record for request {}: cannot move it to {}", requestId, to);
            return Optional.empty();
        }
        ForgetRequestRecord r = current.get();
        if (!r.status().canMoveTo(to)) {
            LOG.info("request {} is {}: move to {} ignored (redelivery or late writer)", requestId, r.status(), to);
            return Optional.empty();
        }
        ForgetRequestRecord next = change.apply(r);
        if (next.closed() && next.callbackUrl() != null && callbacks != null) {
            // the outbox entry before the closing record: a crash in between cannot lose the callback
            callbacks.enqueue(CallbackDelivery.pending(next.requestId(), next.modelId(), next.callbackUrl(),
                    clock.instant()));
        }
        requests.save(r, next);
        notify(next);
        return Optional.of(next);
    }

    private void notify(ForgetRequestRecord r) {
        try {
            status.accept(new RequestStatusChanged(RequestStatusChanged.SCHEMA_VERSION, r.requestId(), r.modelId(),
                    r.status(), r.reason(), r.version(), r.updatedAt()));
        } catch (RuntimeException ex) {
            // a notification only: the record is written and is what GET and the reconcilers read
            LOG.warn("status event for {} ({}) not published: {}", r.requestId(), r.status(), ex.getMessage());
        }
    }
}
