package io.deepunlearn.core.tune;

import static io.deepunlearn.core.metric.MetricCatalogue.FORGET_ACCURACY;
import static io.deepunlearn.core.metric.MetricCatalogue.RETAIN_ACCURACY;
import static io.deepunlearn.core.metric.MetricCatalogue.TEST_ACCURACY;
import static io.deepunlearn.core.metric.MetricCatalogue.TEST_MIA;
import static io.deepunlearn.core.metric.MetricCatalogue.VAL_ACCURACY;
import static io.deepunlearn.core.metric.MetricCatalogue.VAL_MIA;

import io.deepunlearn.core.metric.MetricValues;
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

    public static double[] of(MetricValues unlearned, MetricValues retrained) {
        return new double[] {
            gap(unlearned, retrained, RETAIN_ACCURACY),
            gap(unlearned, retrained, FORGET_ACCURACY),
            gap(unlearned, retrained, VAL_ACCURACY),
            1 - UnlearningScores.indiscernibility(unlearned.get(VAL_MIA))};
    }

    private static double gap(MetricValues u, MetricValues r, String metric) {
        return Math.abs(u.get(metric) - r.get(metric)) / 3;
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
    public static Map<String, Double> metrics(MetricValues u, MetricValues r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("retain_accuracy", u.get(RETAIN_ACCURACY));
        m.put("forget_accuracy", u.get(FORGET_ACCURACY));
        m.put("val_accuracy", u.get(VAL_ACCURACY));
        m.put("test_accuracy", u.get(TEST_ACCURACY));
        m.put("val_mia", u.get(VAL_MIA));
        m.put("test_mia", u.get(TEST_MIA)); // the trial log's historical key for the T-MIA
        m.put("retrain_retain_accuracy", r.get(RETAIN_ACCURACY));
        m.put("retrain_forget_accuracy", r.get(FORGET_ACCURACY));
        m.put("retrain_val_accuracy", r.get(VAL_ACCURACY));
        return m;
    }
}
