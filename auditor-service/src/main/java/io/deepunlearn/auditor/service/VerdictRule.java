package io.deepunlearn.auditor.service;

import io.deepunlearn.pipeline.event.AuditCompleted;
import io.deepunlearn.pipeline.event.AuditMetrics;
import io.deepunlearn.pipeline.event.UliraFigures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The three-valued verdict (pure; docs/pipeline.md, audit protocol). Every attack is read on the pre-erasure model
 * (the control) and on the unlearned one:
 * <ol>
 *   <li>{@code fail} when any attack still shows a signal on the unlearned model, in either direction (a forgotten
 *       set that looks <i>less</i> like members than never-seen data is a trace of over-unlearning, Cadet et al.
 *       2024 and docs/science.md, indiscernibility), when the MIA exceeds its absolute cap, or when the test
 *       accuracy fell by more than allowed;</li>
 *   <li>else {@code inconclusive} when no attack showed a signal on the pre-erasure model: the audit could not
 *       have caught the data, so its silence on the unlearned model proves nothing;</li>
 *   <li>else {@code pass}: some attack saw the data before and none sees it now.</li>
 * </ol>
 */
public final class VerdictRule {

    private final AuditThresholds thresholds;

    public VerdictRule(AuditThresholds thresholds) {
        this.thresholds = thresholds;
    }

    /** The verdict on an evaluation: the population MIA always, U-LiRA's AUC when it was measured. */
    public Verdict decide(AuditMetrics m, UliraFigures ulira) {
        List<AttackReading> attacks = new ArrayList<>();
        attacks.add(new AttackReading("MIA", m.preErasureMia(), m.mia(),
                Math.max(thresholds.miaMargin(), m.miaNoiseFloor()), thresholds.miaMax()));
        if (ulira != null && ulira.measured()) {
            attacks.add(new AttackReading("U-LiRA AUC", ulira.preErasureAuc(), ulira.auc(),
                    Math.max(thresholds.uliraAucMargin(), ulira.aucNoiseFloor()), 1));
        }
        return decide(attacks, m.testAccuracy(), m.previousTestAccuracy());
    }

    public Verdict decide(List<AttackReading> attacks, double testAccuracy, double previousTestAccuracy) {
        if (attacks.isEmpty()) {
            throw new IllegalArgumentException("an audit needs at least one attack");
        }
        List<String> reasons = new ArrayList<>();
        for (AttackReading a : attacks) {
            if (a.post() > a.cap()) {
                reasons.add(f("%s %.3f above the maximum %.3f", a.attack(), a.post(), a.cap()));
            } else if (a.postAbove()) {
                reasons.add(f("%s %.3f on the unlearned model: above chance by more than %.3f, the forgotten samples"
                        + " still look like training data", a.attack(), a.post(), a.band()));
            }
            if (a.postBelow()) {
                reasons.add(f("%s %.3f on the unlearned model: below chance by more than %.3f, the forgotten samples"
                        + " look less like training data than never-seen data (over-unlearning leaves a trace)",
                        a.attack(), a.post(), a.band()));
            }
        }
        double drop = previousTestAccuracy - testAccuracy;
        if (drop > thresholds.maxTestAccuracyDrop()) {
            reasons.add(f("test accuracy fell by %.3f (from %.3f to %.3f), more than %.3f",
                    drop, previousTestAccuracy, testAccuracy, thresholds.maxTestAccuracyDrop()));
        }
        String figures = String.join("; ", attacks.stream().map(VerdictRule::figures).toList());
        if (!reasons.isEmpty()) {
            return new Verdict(AuditCompleted.FAIL, List.copyOf(reasons),
                    "fail: the unlearned model does not meet the audit (" + String.join("; ", reasons) + "). " + figures);
        }
        List<AttackReading> powered = attacks.stream().filter(AttackReading::preSignal).toList();
        if (powered.isEmpty()) {
            return new Verdict(AuditCompleted.INCONCLUSIVE, List.of(), "inconclusive: the pre-erasure model, which"
                    + " still contains the forgotten samples, showed no membership signal on them either, so this"
                    + " audit could not have detected the data and proves nothing about its erasure. " + figures);
        }
        return new Verdict(AuditCompleted.PASS, List.of(), "pass: "
                + String.join(" and ", powered.stream().map(AttackReading::attack).toList())
                + " detected the forgotten samples in the pre-erasure model and no attack detects them in the"
                + " unlearned model. " + figures);
    }

    private static String figures(AttackReading a) {
        return f("%s pre-erasure %.3f, post-erasure %.3f (chance 0.5 ± %.3f)", a.attack(), a.pre(), a.post(), a.band());
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
