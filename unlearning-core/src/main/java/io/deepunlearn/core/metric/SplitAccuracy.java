package io.deepunlearn.core.metric;

/** Accuracy on one split (RA, FA, VA, TA); the per-sample values are 1 for a correct prediction, else 0. */
public record SplitAccuracy(String name, String label, ModelPredictions.Split split, boolean inTable)
        implements Metric {

    @Override
    public String description() {
        return "accuracy on " + split.symbol();
    }

    @Override
    public MetricResult compute(ModelPredictions predictions) {
        Predictions p = predictions.on(split);
        return new MetricResult(p.accuracy(), p.correctness());
    }
}
