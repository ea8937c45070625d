package io.deepunlearn.pipeline.event;

/**
 * What the auditor measured (docs/science.md, metrics; docs/pipeline.md, audit protocol): accuracies per split of
 * the unlearned version, the population MIA of the forget set against held-out data, indiscernibility
 * = 1 − |2·MIA − 1|, the previous version's test accuracy, and the <b>control</b>: the same MIA on the same
 * population under the previous (pre-erasure) version, which still contains the data. {@code miaSamplesPerGroup}
 * is the attack's group size n and {@code miaNoiseFloor} the half-width around 0.5 that n samples per group can
 * reach by chance at the configured significance (a binomial bound, see the auditor's {@code NoiseFloor}).
 */
public record AuditMetrics(double retainAccuracy, double forgetAccuracy, double valAccuracy, double testAccuracy,
                           double mia, double indiscernibility, double previousTestAccuracy,
                           double preErasureMia, double preErasureForgetAccuracy, int miaSamplesPerGroup,
                           double miaNoiseFloor) {
}
