package io.deepunlearn.core.metric;

/**
 * A metric's value for one model: the aggregate that results report, and the per-sample values it is built from
 * (e.g. 0/1 correctness per sample of a split), empty for population-level figures such as the MIA.
 */
public record MetricResult(double aggregate, double[] perSample) {

    private static final double[] NONE = new double[0];

    /** A population-level figure without per-sample values. */
    public static MetricResult of(double aggregate) {
        return new MetricResult(aggregate, NONE);
    }

    public boolean hasPerSample() {
        return perSample.length > 0;
    }
}
