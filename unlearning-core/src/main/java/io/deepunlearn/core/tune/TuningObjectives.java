package io.deepunlearn.core.tune;

import io.deepunlearn.core.metric.UnlearningEvaluation;
import io.deepunlearn.core.metric.UnlearningScores;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four minimised objectives of a trial (docs/reference.md#hp-search, "objective10"), against the retrained model of the same
 * seed: |RA_u - RA_r|/3, |FA_u - FA_r|/3, |VA_u - VA_r|/3 and 1 - Indisc(Val MIA of the unlearned model), where
 * the Val MIA is the population MIA of D_f against D_val. Test accuracy and Test MIA are recorded but not used.
 */
public final class TuningObjectives {

    public static final List<String> NAMES = List.of("retain_gap", "forget_gap", "val_gap", "val_mia_discernibility");
    public static final int COUNT = 4;

    private TuningObjectives() {
    }

    public static double[] of(UnlearningEvaluation.Scores unlearned, UnlearningEvaluation.Scores retrained) {
        return new double[] {
            Math.abs(unlearned.retainAccuracy() - retrained.retainAccuracy()) / 3,
            Math.abs(unlearned.forgetAccuracy() - retrained.forgetAccuracy()) / 3,
            Math.abs(unlearned.valAccuracy() - retrained.valAccuracy()) / 3,
            1 - UnlearningScores.indiscernibility(unlearned.valMia())};
    }

    /** ||o||_2, the selection score; +infinity when any objective is missing or not finite. */
    public static double score(double[] objectives) {
        if (objectives == null || objectives.length == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double s = 0;
        for (double o : objectives) {
            if (!Double.isFinite(o)) {
                return Double.POSITIVE_INFINITY;
            }
            s += o * o;
        }
        return Math.sqrt(s);
    }

    /** The figures behind the objectives, for the trial log. */
    public static Map<String, Double> metrics(UnlearningEvaluation.Scores u, UnlearningEvaluation.Scores r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("retain_accuracy", u.retainAccuracy());
        m.put("forget_accuracy", u.forgetAccuracy());
        m.put("val_accuracy", u.valAccuracy());
        m.put("test_accuracy", u.testAccuracy());
        m.put("val_mia", u.valMia());
        m.put("test_mia", u.testMia());
        m.put("retrain_retain_accuracy", r.retainAccuracy());
        m.put("retrain_forget_accuracy", r.forgetAccuracy());
        m.put("retrain_val_accuracy", r.valAccuracy());
        return m;
    }
}
