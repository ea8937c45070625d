package io.deepunlearn.core.metric;

/**
 * The population MIA of D_f against a held-out split (docs/science.md): D_test for the reported T-MIA, D_val for the
 * tuning objective. 0.5 means the forget set is indistinguishable from unseen data. A population figure: no
 * per-sample values.
 */
public record PopulationMia(String name, String label, ModelPredictions.Split heldOut, boolean inTable)
        implements Metric {

    @Override
    public String description() {
        return "membership-inference accuracy, D_f vs D_" + heldOut.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public MetricResult compute(ModelPredictions predictions) {
        return MetricResult.of(predictions.mia(heldOut).accuracy());
    }
}
