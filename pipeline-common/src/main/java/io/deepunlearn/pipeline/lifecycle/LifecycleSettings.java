package io.deepunlearn.pipeline.lifecycle;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The lifecycle's clocks, read by key like the other shared settings:
 * <ul>
 *   <li>{@code deepunlearn.lifecycle.due-after} (P30D): received + this = the record's {@code dueAt}, the GDPR month
 *       (Art. 12(3));</li>
 *   <li>{@code deepunlearn.lifecycle.stale-after} (PT2M): a request whose state has not advanced for this long (times
 *       2^attempts, capped at 64) is re-driven by its owner's reconciler;</li>
 *   <li>{@code deepunlearn.lifecycle.reconcile-interval} (PT30S): how often each replica's reconciler runs;</li>
 *   <li>{@code deepunlearn.lifecycle.max-attempts} (10): re-drives of a request before it FAILs for good.</li>
 * </ul>
 */
public record LifecycleSettings(Duration dueAfter, Duration staleAfter, Duration reconcileInterval, int maxAttempts) {

    public LifecycleSettings {
        for (Duration d : new Duration[] {dueAfter, staleAfter, reconcileInterval}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("lifecycle durations must be positive, got " + d);
            }
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1, got " + maxAttempts);
        }
    }

    public static LifecycleSettings defaults() {
        return new LifecycleSettings(Duration.ofDays(30), Duration.ofMinutes(2), Duration.ofSeconds(30), 10);
    }

    public static LifecycleSettings from(Function<String, Optional<String>> config) {
        LifecycleSettings d = defaults();
        return new LifecycleSettings(
                config.apply("deepunlearn.lifecycle.due-after").map(Duration::parse).orElse(d.dueAfter()),
                config.apply("deepunlearn.lifecycle.stale-after").map(Duration::parse).orElse(d.staleAfter()),
                config.apply("deepunlearn.lifecycle.reconcile-interval").map(Duration::parse).orElse(d.reconcileInterval()),
                config.apply("deepunlearn.lifecycle.max-attempts").map(Integer::parseInt).orElse(d.maxAttempts()));
    }

    /** How long a state with {@code attempts} re-drives behind it may sit before the next re-drive. */
    public Duration staleAfter(int attempts) {
        return staleAfter.multipliedBy(1L << Math.min(Math.max(attempts, 0), 6));
    }
}
