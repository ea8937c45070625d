package io.deepunlearn.core.metric;

import static io.deepunlearn.core.metric.MetricCatalogue.FORGET_ACCURACY;
import static io.deepunlearn.core.metric.MetricCatalogue.TEST_ACCURACY;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Forget-specific change, per seed against the Original model of the same seed and then averaged:
 * (FA_u − FA_o) − (TA_u − TA_o). A method that forgets D_f selectively scores like Retrain (negative: D_f falls
 * back to unseen-data accuracy); one that only damages or only trains the network moves FA and TA together and
 * scores ≈ 0, whatever its RetDev. Undefined (null) without an Original row.
 */
public final class ForgetSpecificChange implements RelativeMetric {

    public static final String NAME = "forget_specific_change";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String label() {
        return "FSC";
    }

    @Override
    public String description() {
        return "(FA_u - FA_o) - (TA_u - TA_o) per seed against the Original, averaged; Retrain's is the target";
    }

    @Override
    public Double compute(Aggregate row, Aggregate retrain) {
        return null;
    }

    @Override
    public Double compute(Aggregate row, Aggregate retrain, Aggregate original) {
        if (original == null) {
            return null;
        }
        List<Double> values = new ArrayList<>();
        for (Map.Entry<Integer, MetricValues> e : row.bySeed().entrySet()) {
            MetricValues o = original.bySeed().get(e.getKey());
            MetricValues u = e.getValue();
            if (o == null || u.get(FORGET_ACCURACY) == null || u.get(TEST_ACCURACY) == null
                    || o.get(FORGET_ACCURACY) == null || o.get(TEST_ACCURACY) == null) {
                continue;
            }
            values.add((u.get(FORGET_ACCURACY) - o.get(FORGET_ACCURACY)) - (u.get(TEST_ACCURACY) - o.get(TEST_ACCURACY)));
        }
        return PerSeedRetentionDeviation.mean(values);
    }
}
