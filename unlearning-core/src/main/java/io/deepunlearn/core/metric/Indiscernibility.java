package io.deepunlearn.core.metric;

/** Indisc = 1 - |2 T-MIA - 1| (1 is best), from the T-MIA that the predictions already hold. */
public final class Indiscernibility implements Metric {

    @Override
    public String name() {
        return MetricCatalogue.INDISCERNIBILITY;
    }

    @Override
    public String label() {
        return "Indisc";
    }

    @Override
    public String description() {
        return "indiscernibility of the T-MIA, 1 - |2 T-MIA - 1|";
    }

    @Override
    public MetricResult compute(ModelPredictions predictions) {
        return MetricResult.of(UnlearningScores.indiscernibility(predictions.mia(ModelPredictions.Split.TEST).accuracy()));
    }
}
