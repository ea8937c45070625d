package io.deepunlearn.core.metric;

import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.method.UnlearningData;
import io.deepunlearn.core.model.Network;

/**
 * Evaluates a model the benchmark's way (docs/reference.md#metrics): accuracies on D_r, D_f, D_val, D_test in eval mode with plain
 * transforms; the population MIA of D_f against D_test (reported T-MIA) and against D_val (HP objective);
 * indiscernibility of the T-MIA. The MIA uses seed 123, like the reference's setup_seed(123) before evaluation.
 */
public final class UnlearningEvaluation {

    public static final long MIA_SEED = 123;

    private UnlearningEvaluation() {
    }

    /** The figures of one model, by name (the standard catalogue's metrics). */
    public static MetricValues evaluate(Network net, UnlearningData data, TensorDataset test) {
        return evaluate(net, data, test, MetricCatalogue.standard());
    }

    public static MetricValues evaluate(Network net, UnlearningData data, TensorDataset test,
                                        MetricCatalogue catalogue) {
        return catalogue.evaluate(ModelPredictions.of(net, data, test));
    }
}
