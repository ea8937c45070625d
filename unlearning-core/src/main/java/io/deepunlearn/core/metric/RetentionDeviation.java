package io.deepunlearn.core.metric;

import static io.deepunlearn.core.metric.MetricCatalogue.FORGET_ACCURACY;
import static io.deepunlearn.core.metric.MetricCatalogue.RETAIN_ACCURACY;
import static io.deepunlearn.core.metric.MetricCatalogue.TEST_ACCURACY;

/** RetDev = |RR - 1| + |FR - 1| + |TR - 1| on seed means (lower is better; 0 for Retrain): the primary rank key. */
public final class RetentionDeviation implements RelativeMetric {

    @Override
    public String name() {
        return MetricCatalogue.RET_DEV;
    }

    @Override
    public String label() {
        return "RetDev";
    }

    @Override
    public String description() {
        return "|RR - 1| + |FR - 1| + |TR - 1|, lower is better";
    }

    @Override
    public Double compute(Aggregate row, Aggregate retrain) {
        MetricValues u = row.means();
        MetricValues r = retrain.means();
        for (String m : new String[] {RETAIN_ACCURACY, FORGET_ACCURACY, TEST_ACCURACY}) {
            if (RetrainRatio.ratio(u.get(m), r.get(m)) == null) {
                return null;
            }
        }
        return UnlearningScores.retentionDeviation(u.get(RETAIN_ACCURACY), u.get(FORGET_ACCURACY), u.get(TEST_ACCURACY),
                r.get(RETAIN_ACCURACY), r.get(FORGET_ACCURACY), r.get(TEST_ACCURACY));
    }
}
