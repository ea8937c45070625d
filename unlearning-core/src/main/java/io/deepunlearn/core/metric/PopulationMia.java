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
        return "population MIA accuracy, D_f vs " + heldOut.symbol();
    }

    @Override
    public MetricResult compute(ModelPredictions predictions) {
        return MetricResult.of(predictions.mia(heldOut).accuracy());
    }
}
