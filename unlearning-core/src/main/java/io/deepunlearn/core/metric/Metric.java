package io.deepunlearn.core.metric;

/**
 * One figure of an evaluated model (an extension point of the benchmark): computed from the model's predictions on
 * D_r, D_f, D_val and D_test, reported per run under {@link #name()} in results.json and runs.jsonl, and averaged
 * over seeds (with a standard deviation) in the leaderboard. Register a new one in {@link MetricCatalogue#standard()}.
 */
public interface Metric {

    /** The JSON key (snake_case), unique in a catalogue. */
    String name();

    /** The leaderboard column header, e.g. "RA". */
    String label();

    /** One line on what the figure means, for the docs. */
    String description();

    /** The figure: the aggregate, and per-sample values where the metric has them. */
    MetricResult compute(ModelPredictions predictions);

    /** Whether the Markdown and HTML leaderboards show a column for it (CSV and JSON always carry it). */
    default boolean inTable() {
        return true;
    }
}
