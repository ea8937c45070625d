package io.deepunlearn.pipeline.event;

/**
 * What the auditor measured on a version (docs/reference.md#accuracies, #mia, #indiscernibility): accuracies per split, the population MIA of the
 * forget set against held-out data, indiscernibility = 1 − |2·MIA − 1|, and the previous version's test
 * accuracy for comparison.
 */
public record AuditMetrics(double retainAccuracy, double forgetAccuracy, double valAccuracy, double testAccuracy,
                           double mia, double indiscernibility, double previousTestAccuracy) {
}
