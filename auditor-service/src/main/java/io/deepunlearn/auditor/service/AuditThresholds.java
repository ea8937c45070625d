package io.deepunlearn.auditor.service;

import java.util.Map;

/**
 * Pass criteria: the forget set's MIA accuracy at most {@code miaMax} (0.5 = indistinguishable from held-out data;
 * DEEPUNLEARN_AUDIT_MIA_MAX), and test accuracy no more than {@code maxTestAccuracyDrop} below the previous
 * version's (utility must survive the unlearning).
 */
public record AuditThresholds(double miaMax, double maxTestAccuracyDrop) {

    public AuditThresholds {
        if (!(miaMax >= 0.5 && miaMax <= 1)) {
            throw new IllegalArgumentException("miaMax must be in [0.5, 1], got " + miaMax);
        }
        if (!(maxTestAccuracyDrop >= 0 && maxTestAccuracyDrop <= 1)) {
            throw new IllegalArgumentException("maxTestAccuracyDrop must be in [0, 1], got " + maxTestAccuracyDrop);
        }
    }

    public Map<String, Double> asMap() {
        return Map.of("miaMax", miaMax, "maxTestAccuracyDrop", maxTestAccuracyDrop);
    }
}
