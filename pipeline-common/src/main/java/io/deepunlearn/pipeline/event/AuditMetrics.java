package io.deepunlearn.pipeline.event;

/**
 * What the auditor measured on a version (spec §5.1–5.3): accuracies per split, the population MIA of the
 * forget set against held-out data, indiscernibility = 1 − |2·MIA − 1|, and the previous version's test
 * accuracy for comparison.
 */
public record AuditMetrics(double retainAccuracy, double forgetAccuracy, double valAccuracy, double testAccuracy,
                           double mia, double indiscernibility, double previousTestAccuracy) {
}
