package io.deepunlearn.core.metric;

/** A metric's seed mean over the Retrain row's (RR, FR, TR); 1 for the retrained model itself. */
public record RetrainRatio(String name, String label, String of) implements RelativeMetric {

    @Override
    public String description() {
        return of + " / the retrained model's " + of;
    }

    @Override
    public Double compute(Aggregate row, Aggregate retrain) {
        return ratio(row.means().get(of), retrain.means().get(of));
    }

    static Double ratio(Double a, Double b) {
        return a == null || b == null || b == 0 ? null : a / b;
    }
}
