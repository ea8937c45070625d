package io.deepunlearn.pipeline.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.infra.EmbeddedS3;
import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.RequestStatusChanged;
import io.deepunlearn.pipeline.event.SampleEvents;
import io.deepunlearn.pipeline.event.UnlearningCompleted;
import io.deepunlearn.pipeline.storage.Buckets;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord.Retry;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.deepunlearn.pipeline.storage.S3Settings;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The lifecycle against a real S3 server (S3Proxy in-process): record first, then the status event; forward-only;
 * tombstones at RECEIVED; re-drives counted and backed off; retryable failures retried, permanent ones closed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestLifecycleTest {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    EmbeddedS3 s3;
    ObjectStore store;
    RequestStore requests;
    TombstoneStore tombstones;
    final List<RequestStatusChanged> events = new CopyOnWriteArrayList<>();
    Instant now;
    RequestLifecycle lifecycle;
    final AtomicInteger seq = new AtomicInteger();

    @BeforeAll
    void start() {
        s3 = EmbeddedS3.startTemporary();
        store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), null));
        Buckets.defaults().ensure(store);
        requests = new RequestStore(store, "models");
        tombstones = new TombstoneStore(store, "datasets");
    }

    @AfterAll
    void stop() {
        store.close();
        s3.close();
    }

    @BeforeEach
    void fresh() {
        events.clear();
        now = T0;
        Clock clock = new Clock() {
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
        lifecycle = new RequestLifecycle(requests, tombstones, e -> {
            // the record is durable before anyone hears of the change
            assertThat(requests.find(e.requestId()).orElseThrow().status()).isEqualTo(e.status());
            events.add(e);
        }, new LifecycleSettings(Duration.ofDays(30), Duration.ofMinutes(2), Duration.ofSeconds(30), 3), clock);
    }

    ForgetRequested event(String model) {
        return new ForgetRequested(1, "fr-lc-" + seq.incrementAndGet(), model, "ds-lc", null, List.of(5, 3), null, T0);
    }

    UnlearningCompleted completion(String model, String id) {
        return new UnlearningCompleted(1, model, List.of(id), "FT", SampleEvents.REF, SampleEvents.REF, List.of(3, 5),
                1.0, T0);
    }

    @Test
    void receiveRecordsOnceWithItsDueDateAndTombstoneAndARedeliveryChangesNothing() {
        ForgetRequested e = event("m-lc-a");
        var first = lifecycle.receive(e);
        assertThat(first.created()).isTrue();
        assertThat(first.record().status()).isEqualTo(RequestStatus.RECEIVED);
        assertThat(first.record().dueAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(tombstones.union("ds-lc")).contains(3, 5);
        var again = lifecycle.receive(e);
        assertThat(again.created()).isFalse();
        assertThat(events).extracting(RequestStatusChanged::status).containsExactly(RequestStatus.RECEIVED);
        assertThat(lifecycle.open("m-lc-a")).extracting(ForgetRequestRecord::requestId).containsExactly(e.requestId());
    }

    @Test
    void movesOnlyForwardAndARepeatOrBackwardMoveIsANoOp() {
        ForgetRequested e = event("m-lc-b");
        lifecycle.receive(e);
        String id = e.requestId();
        assertThat(lifecycle.advance(id, RequestStatus.UNLEARNING, null, "000001-a")).isPresent();
        assertThat(lifecycle.unlearned(id, completion("m-lc-b", id), null)).isPresent();
        assertThat(lifecycle.auditing(id, completion("m-lc-b", id))).isPresent();
        // a late unlearner write or a redelivered completion must not move it back
        assertThat(lifecycle.unlearned(id, completion("m-lc-b", id), null)).isEmpty();
        assertThat(lifecycle.auditing(id, completion("m-lc-b", id))).isEmpty();
        ForgetRequestRecord auditing = lifecycle.find(id).orElseThrow();
        assertThat(auditing.status()).isEqualTo(RequestStatus.AUDITING);
        assertThat(auditing.completion()).isEqualTo(completion("m-lc-b", id));
        assertThat(lifecycle.published(id, "000002-b", null)).isPresent();
        assertThat(lifecycle.fail(id, "late", Retry.PERMANENT)).isEmpty();
        assertThat(lifecycle.find(id).orElseThrow().status()).isEqualTo(RequestStatus.PUBLISHED);
        assertThat(lifecycle.open("m-lc-b")).isEmpty();
        assertThat(events).extracting(RequestStatusChanged::status).containsExactly(RequestStatus.RECEIVED,
                RequestStatus.UNLEARNING, RequestStatus.UNLEARNED, RequestStatus.AUDITING, RequestStatus.PUBLISHED);
    }

    @Test
    void staleRequestsAreReDrivenWithBackoffUntilTheyGiveUp() {
        ForgetRequested e = event("m-lc-c");
        lifecycle.receive(e);
        ForgetRequestRecord r = lifecycle.find(e.requestId()).orElseThrow();
        assertThat(lifecycle.stale(r)).isFalse();
        now = T0.plus(Duration.ofMinutes(3));
        assertThat(lifecycle.stale(r)).isTrue();
        ForgetRequestRecord once = lifecycle.redrive(r).orElseThrow();
        assertThat(once.attempts()).isEqualTo(1);
        now = now.plus(Duration.ofMinutes(3));
        assertThat(lifecycle.stale(once)).as("backed off to 4 min").isFalse();
        now = now.plus(Duration.ofMinutes(2));
        ForgetRequestRecord twice = lifecycle.redrive(once).orElseThrow();
        assertThat(lifecycle.redrive(twice)).as("third attempt = max-attempts").isEmpty();
        ForgetRequestRecord gaveUp = lifecycle.find(e.requestId()).orElseThrow();
        assertThat(gaveUp.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(gaveUp.retry()).isEqualTo(Retry.PERMANENT);
        assertThat(gaveUp.reason()).contains("gave up after 3 attempts");
        assertThat(lifecycle.open("m-lc-c")).isEmpty();
    }

    @Test
    void aRetryableFailureStartsOverFromReceivedAndAPermanentOneIsClosed() {
        ForgetRequested e = event("m-lc-d");
        lifecycle.receive(e);
        lifecycle.fail(e.requestId(), "s3 timeout", Retry.RETRYABLE);
        ForgetRequestRecord failed = lifecycle.open("m-lc-d").get(0);
        assertThat(failed.status()).isEqualTo(RequestStatus.FAILED);
        ForgetRequestRecord retried = lifecycle.redrive(failed).orElseThrow();
        assertThat(retried.status()).isEqualTo(RequestStatus.RECEIVED);
        assertThat(retried.reason()).contains("s3 timeout");
        assertThat(events).extracting(RequestStatusChanged::status).endsWith(RequestStatus.FAILED, RequestStatus.RECEIVED);

        ForgetRequested p = event("m-lc-d");
        lifecycle.receive(p);
        lifecycle.fail(p.requestId(), "unknown model", Retry.PERMANENT);
        assertThat(lifecycle.open("m-lc-d")).extracting(ForgetRequestRecord::requestId).containsExactly(e.requestId());
        assertThat(lifecycle.redrive(lifecycle.find(p.requestId()).orElseThrow())).isEmpty();
    }

    @Test
    void aWithdrawnRequestLeavesNoRecordNoMarkerAndNoTombstone() {
        ForgetRequested e = new ForgetRequested(1, "fr-lc-w", "m-lc-e", "ds-lc-w", null, List.of(11), null, T0);
        ForgetRequestRecord r = lifecycle.receive(e).record();
        lifecycle.withdraw(r);
        assertThat(lifecycle.find("fr-lc-w")).isEmpty();
        assertThat(lifecycle.open("m-lc-e")).isEmpty();
        assertThat(tombstones.union("ds-lc-w")).isEmpty();
    }

    @Test
    void theReconcilerReDrivesOnlyStaleRequestsOfOwnedModelsThatAreNotBusy() {
        ForgetRequested mine = event("m-lc-own");
        ForgetRequested busy = event("m-lc-own");
        ForgetRequested theirs = event("m-lc-other");
        List.of(mine, busy, theirs).forEach(lifecycle::receive);
        List<String> redriven = new CopyOnWriteArrayList<>();
        Reconciler reconciler = new Reconciler("test", lifecycle, "m-lc-own"::equals, new Reconciler.Redriver() {
            public boolean handles(ForgetRequestRecord r) {
                return r.status() == RequestStatus.RECEIVED;
            }

            public boolean busy(String requestId) {
                return requestId.equals(busy.requestId());
            }

            public void redrive(ForgetRequestRecord r) {
                redriven.add(r.requestId());
            }
        }, Clock.systemUTC());
        assertThat(reconciler.runOnce()).as("nothing stale yet").isZero();
        now = T0.plus(Duration.ofMinutes(5));
        assertThat(reconciler.runOnce()).isEqualTo(1);
        assertThat(redriven).containsExactly(mine.requestId());
        assertThat(reconciler.snapshot().open()).as("cluster-wide: all models' open requests").isGreaterThanOrEqualTo(3);
        assertThat(reconciler.runOnce()).as("just re-driven: backed off").isZero();
    }
}
