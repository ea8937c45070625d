package io.deepunlearn.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the beat object of a claimed cell at a fixed period while the cell runs, on a thread of its own (the
 * cell's training never blocks it). Each beat carries a counter, so its ETag changes and watchers see it alive.
 * A failed beat is logged and retried at the next period: the TTL spans several periods.
 */
final class Heartbeat implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "campaign-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong beats = new AtomicLong();

    Heartbeat(CampaignStore store, String cell, int attempt, String worker, Duration period) {
        timer.scheduleAtFixedRate(() -> {
            Map<String, Object> beat = new LinkedHashMap<>();
            beat.put("worker", worker);
            beat.put("beat", beats.incrementAndGet());
            beat.put("at", Instant.now().toString());
            try {
                store.beat(cell, attempt, beat);
            } catch (RuntimeException e) {
                LOG.warn("heartbeat of cell {} failed (retried in {}): {}", cell, period, e.getMessage());
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdown(); // cancels the next beats; one in flight completes (interrupting it would only log noise)
        try {
            timer.awaitTermination(30, TimeUnit.SECONDS); // no beat lands after the result
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
