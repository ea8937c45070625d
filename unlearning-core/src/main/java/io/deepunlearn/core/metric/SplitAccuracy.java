package io.deepunlearn.core.metric;

/** Accuracy on one split (RA, FA, VA, TA); the per-sample values are 1 for a correct prediction, else 0. */
public record SplitAccuracy(String name, String label, ModelPredictions.Split split, boolean inTable)
        implements Metric {

    @Override
    public String description() {
        return "accuracy on D_" + split.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public MetricResult compute(ModelPredictions predictions) {
        Predictions p = predictions.on(split);
        return new MetricResult(p.accuracy(), p.correctness());
    }
}
