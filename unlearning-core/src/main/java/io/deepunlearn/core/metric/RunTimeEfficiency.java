package io.deepunlearn.core.metric;

/** RTE = mean Retrain time / mean method time (higher is faster); undefined for an untimed row (Original). */
public final class RunTimeEfficiency implements RelativeMetric {

    @Override
    public String name() {
        return MetricCatalogue.RTE;
    }

    @Override
    public String label() {
        return "RTE";
    }

    @Override
    public String description() {
        return "retrain time / method time, higher is faster";
    }

    @Override
    public int digits() {
        return 1;
    }

    @Override
    public Double compute(Aggregate row, Aggregate retrain) {
        if (!row.timed() || row.seconds() == null || retrain.seconds() == null) {
            return null;
        }
        double rte = UnlearningScores.runTimeEfficiency(retrain.seconds(), row.seconds());
        return Double.isFinite(rte) ? rte : null;
    }
}
