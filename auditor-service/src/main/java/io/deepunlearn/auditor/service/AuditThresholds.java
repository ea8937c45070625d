package io.deepunlearn.auditor.service;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verdict's configuration (docs/pipeline.md, audit protocol):
 * <ul>
 *   <li>{@code miaMax}: an absolute cap: a forget-set MIA above it fails whatever the noise floor says
 *       (DEEPUNLEARN_AUDIT_MIA_MAX; the MiaAboveThreshold alert uses the same figure);</li>
 *   <li>{@code maxTestAccuracyDrop}: utility must survive the unlearning (against the previous version);</li>
 *   <li>{@code miaMargin}, {@code uliraAucMargin}: the smallest distance from chance (0.5) that counts as a
 *       membership signal; the band actually applied is {@code max(margin, noise floor)}, the floor coming from
 *       the population sizes ({@link NoiseFloor});</li>
 *   <li>{@code alpha}: the audit's false-failure rate: how often a model that holds no trace of the forgotten
 *       samples fails by chance. The verdict makes {@value #CHECKS} one-sided checks (two attacks, each above and
 *       below chance), so each noise floor is taken at {@code alpha / CHECKS} (Bonferroni): without the split,
 *       exact retraining failed about one audit in five at alpha 0.05 (1 − 0.95^4);</li>
 *   <li>{@code uliraFpr}: the per-sample test's false-positive rate: a forgotten sample is flagged when its
 *       p-value is below it.</li>
 * </ul>
 */
public record AuditThresholds(double miaMax, double maxTestAccuracyDrop, double miaMargin, double uliraAucMargin,
                              double alpha, double uliraFpr) {

    public AuditThresholds {
        if (!(miaMax >= 0.5 && miaMax <= 1)) {
            throw new IllegalArgumentException("miaMax must be in [0.5, 1], got " + miaMax);
        }
        if (!(maxTestAccuracyDrop >= 0 && maxTestAccuracyDrop <= 1)) {
            throw new IllegalArgumentException("maxTestAccuracyDrop must be in [0, 1], got " + maxTestAccuracyDrop);
        }
        if (!(miaMargin >= 0 && miaMargin < 0.5) || !(uliraAucMargin >= 0 && uliraAucMargin < 0.5)) {
            throw new IllegalArgumentException("margins must be in [0, 0.5), got " + miaMargin + " / " + uliraAucMargin);
        }
        if (!(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("alpha must be in (0, 0.5), got " + alpha);
        }
        if (!(uliraFpr > 0 && uliraFpr < 1)) {
            throw new IllegalArgumentException("uliraFpr must be in (0, 1), got " + uliraFpr);
        }
    }

    /** One-sided checks of a verdict: the MIA and U-LiRA's AUC, each above and below chance. */
    public static final int CHECKS = 4;

    /** The significance of each one-sided check: {@code alpha / CHECKS}. */
    public double checkAlpha() {
        return alpha / CHECKS;
    }

    /** The defaults of application.properties (tests, tools). */
    public static AuditThresholds defaults() {
        return new AuditThresholds(0.6, 0.1, 0.05, 0.05, 0.05, 0.05);
    }

    /** The MIA band around 0.5 for {@code perGroup} samples per group: {@code max(miaMargin, floor)}. */
    public double miaBand(int perGroup) {
        return Math.max(miaMargin, NoiseFloor.mia(perGroup, checkAlpha()));
    }

    /** The U-LiRA AUC band around 0.5: {@code max(uliraAucMargin, floor)}. */
    public double aucBand(int forgotten, int heldOut) {
        return Math.max(uliraAucMargin, NoiseFloor.auc(forgotten, heldOut, checkAlpha()));
    }

    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("miaMax", miaMax);
        m.put("maxTestAccuracyDrop", maxTestAccuracyDrop);
        m.put("miaMargin", miaMargin);
        m.put("uliraAucMargin", uliraAucMargin);
        m.put("alpha", alpha);
        m.put("uliraFpr", uliraFpr);
        return m;
    }
}
