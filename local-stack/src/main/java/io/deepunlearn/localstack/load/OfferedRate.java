package io.deepunlearn.localstack.load;

import java.util.Locale;

/**
 * One step of the offered load: forget requests at {@code perSecond} for {@code seconds}, sent open-loop at fixed
 * times ({@link #offsetNanos}) whatever the pipeline answers, so a slow pipeline shows up as latency, not as a
 * lower offered rate (no coordinated omission).
 */
public record OfferedRate(double perSecond, double seconds) {

    /** A bound that keeps a typo (e.g. 1e9 per second) from queueing millions of requests. */
    public static final int MAX_REQUESTS = 1_000_000;

    public OfferedRate {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of requests per second, got " + perSecond);
        }
        if (!(seconds > 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("duration must be a positive number of seconds, got " + seconds);
        }
        if (perSecond * seconds > MAX_REQUESTS) {
            throw new IllegalArgumentException("rate " + perSecond + "/s for " + seconds + " s is more than "
                    + MAX_REQUESTS + " requests");
        }
    }

    /** Requests offered: rate × duration, rounded down, at least one. */
    public int requests() {
        return (int) Math.max(1, Math.floor(perSecond * seconds + 1e-9));
    }

    /** When request {@code i} (0-based) is due, counted from the start of this step. */
    public long offsetNanos(int i) {
        return Math.round(i * 1e9 / perSecond);
    }

    /** The rate as people write it: {@code 1}, {@code 10}, {@code 2.5}. */
    public String label() {
        return perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond)
                : String.format(Locale.ROOT, "%s", perSecond);
    }
}
