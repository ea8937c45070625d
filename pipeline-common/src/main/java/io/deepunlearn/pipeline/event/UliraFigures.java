package io.deepunlearn.pipeline.event;

/**
 * The per-sample test of an audit (offline LiRA against shadow models, docs/ulira.md): each forgotten and each
 * held-out sample's logit-scaled confidence under the audited model, against the Gaussian fitted to that sample's
 * confidences under the shadow models that never trained on it. {@code flaggedRatio} is the fraction of forgotten
 * samples whose one-sided p-value is below {@code fpr} ({@code heldOutFlaggedRatio}: the same on never-seen data,
 * which should be about {@code fpr}); {@code auc} ranks forgotten against held-out samples by that test's
 * statistic (0.5: no difference). The {@code preErasure*} figures are the same test on the previous version (the
 * control). {@code status} is {@code measured}, or {@code unavailable} with the reason in {@code detail} (no or too
 * few shadow models yet): then every figure is null. Not an error: the audit then rests on the population MIA.
 */
public record UliraFigures(String status, String detail, Integer shadows, Double fpr, Integer forgottenScored,
                           Integer heldOutScored, Double auc, Double flaggedRatio, Double heldOutFlaggedRatio,
                           Double preErasureAuc, Double preErasureFlaggedRatio, Double aucNoiseFloor) {

    public static final String MEASURED = "measured";
    public static final String UNAVAILABLE = "unavailable";

    public static UliraFigures unavailable(String why) {
        return new UliraFigures(UNAVAILABLE, why, null, null, null, null, null, null, null, null, null, null);
    }

    public boolean measured() {
        return MEASURED.equals(status);
    }
}
