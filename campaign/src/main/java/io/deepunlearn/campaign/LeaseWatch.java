package io.deepunlearn.campaign;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Tells a live claim from a dead one by watching it: a claim is expired once its heartbeat token (the attempt and
 * the ETag of its latest beat) has not changed for the lease TTL, measured on this worker's own monotonic clock.
 * No clocks of two machines are ever compared, so clock skew cannot expire a live lease; the price is that a
 * worker must watch a claim for one TTL before it may take the cell over.
 */
final class LeaseWatch {

    private record Seen(String token, long since) {
    }

    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Seen> seen = new HashMap<>();

    LeaseWatch(Duration ttl, LongSupplier nanoClock) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lease TTL must be positive, got " + ttl);
        }
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    /** True when {@code cell}'s claim, whose current token is {@code token}, has been silent for the TTL. */
    boolean expired(String cell, String token) {
        long now = nanoClock.getAsLong();
        Seen previous = seen.get(cell);
        if (previous == null || !previous.token().equals(token)) {
            seen.put(cell, new Seen(token, now));
            return false;
        }
        return now - previous.since() >= ttlNanos;
    }
}
