package io.deepunlearn.pipeline.lifecycle;

import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-drives requests whose state has not advanced within its deadline, periodically (not only at start) and only
 * for models this replica owns. Each service plugs in what it re-drives ({@link Redriver}): the unlearner
 * RECEIVED/UNLEARNING (run) and UNLEARNED (re-announce the run), the auditor AUDITING, the trainer RETRAINING.
 * A re-drive is counted in the record ({@link RequestLifecycle#redrive}), so deadlines back off and a request that
 * never succeeds ends FAILED instead of looping. Also keeps the open-request figures for the gauges: those are
 * cluster-wide (every model's open markers), so every replica reports the same figures and dashboards take max().
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    /** What a service re-drives. */
    public interface Redriver {
        /** True for the states this service is responsible for re-driving. */
        boolean handles(ForgetRequestRecord r);

        /** True while the request is queued or running in this JVM (then it is not stale, only slow). */
        boolean busy(String requestId);

        /** Re-drives the request (the record already counts this attempt). */
        void redrive(ForgetRequestRecord r);
    }

    /** Open requests of all models at the last pass, and the oldest one's arrival. */
    public record Snapshot(int open, Instant oldestReceivedAt) {
        public double oldestAgeSeconds(Instant now) {
            return oldestReceivedAt == null ? 0 : Duration.between(oldestReceivedAt, now).toMillis() / 1000.0;
        }
    }

    private final String name;
    private final RequestLifecycle lifecycle;
    private final Predicate<String> owns;
    private final Redriver redriver;
    private final Clock clock;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>(new Snapshot(0, null));

    public Reconciler(String name, RequestLifecycle lifecycle, Predicate<String> owns, Redriver redriver, Clock clock) {
        this.name = name;
        this.lifecycle = lifecycle;
        this.owns = owns;
        this.redriver = redriver;
        this.clock = clock;
    }

    /** Runs {@link #runOnce} now and every {@code reconcile-interval} on {@code scheduler}. */
    public void start(ScheduledExecutorService scheduler) {
        long every = lifecycle.settings().reconcileInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::runSafely, 0, every, TimeUnit.MILLISECONDS);
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            // transient (S3 down): the next pass tries again; a scheduled task that throws would never run again
            LOG.warn("{} reconciler pass failed: {}", name, e.getMessage());
        }
    }

    /** One pass; returns how many requests it re-drove. */
    public int runOnce() {
        int redriven = 0;
        List<io.deepunlearn.pipeline.storage.RequestStore.OpenMarker> markers = lifecycle.openMarkers();
        Instant oldest = markers.stream().map(m -> m.since()).filter(java.util.Objects::nonNull)
                .min(Instant::compareTo).orElse(null);
        snapshot.set(new Snapshot(markers.size(), oldest));
        for (String modelId : lifecycle.modelsWithOpenRequests()) {
            if (!owns.test(modelId)) {
                continue;
            }
            List<ForgetRequestRecord> records = lifecycle.open(modelId);
            for (ForgetRequestRecord r : records) {
                if (!redriver.handles(r) || redriver.busy(r.requestId()) || !lifecycle.stale(r)) {
                    continue;
                }
                // a re-drive continues the request's trace (its intake's, kept in the record)
                try (var ignored = io.deepunlearn.pipeline.tracing.Tracing.fromTraceparent(r.traceparent()).makeCurrent()) {
                    var next = lifecycle.redrive(r);
                    if (next.isPresent()) {
                        LOG.info("{} reconciler: re-driving {} ({}, attempt {}, due {})", name, r.requestId(),
                                r.status(), next.get().attempts(), r.dueAt());
                        redriver.redrive(next.get());
                        redriven++;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("{} reconciler: re-drive of {} failed: {}", name, r.requestId(), e.getMessage());
                }
            }
        }
        return redriven;
    }

    public Snapshot snapshot() {
        return snapshot.get();
    }

    /** Convenience for gauges. */
    public double oldestOpenAgeSeconds() {
        return snapshot.get().oldestAgeSeconds(clock.instant());
    }
}
