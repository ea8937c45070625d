package io.deepunlearn.core.metric;

import java.util.Map;

/**
 * A leaderboard figure of a method relative to the retrained model (the second extension point): computed from the
 * seed means of a (dataset, architecture, method) row and of the same group's Retrain row, e.g. RR, RetDev, RTE.
 * Aggregate only: it exists per row, not per sample or per seed. Register a new one in
 * {@link MetricCatalogue#standard()}.
 */
public interface RelativeMetric {

    /**
     * The seed-aggregated figures of one leaderboard row, and its successful runs' metrics by seed (for figures
     * computed per seed against the same seed's Retrain or Original model, then averaged).
     */
    record Aggregate(MetricValues means, Double seconds, boolean timed, Map<Integer, MetricValues> bySeed) {

        public Aggregate {
            bySeed = Map.copyOf(bySeed);
        }

        /** Without per-seed values: the figures of means only. */
        public Aggregate(MetricValues means, Double seconds, boolean timed) {
            this(means, seconds, timed, Map.of());
        }
    }

    /** The JSON key of the summary row (snake_case), unique in a catalogue. */
    String name();

    /** The leaderboard column header. */
    String label();

    /** One line on what the figure means, for the docs. */
    String description();

    /** Decimal places in the Markdown and HTML tables. */
    default int digits() {
        return 3;
    }

    /** The figure for {@code row}, or null when undefined (no successful Retrain run, a zero denominator...). */
    Double compute(Aggregate row, Aggregate retrain);

    /**
     * The figure for {@code row} when it also needs the Original row (the model before unlearning), e.g. the
     * forget-specific change; by default the same as {@link #compute(Aggregate, Aggregate)}.
     */
    default Double compute(Aggregate row, Aggregate retrain, Aggregate original) {
        return compute(row, retrain);
    }
}
