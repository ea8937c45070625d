package io.deepunlearn.core.method;

import io.deepunlearn.core.model.Param;
import io.deepunlearn.core.train.Adam;
import io.deepunlearn.core.train.Sgd;
import java.util.List;

/** Optimisers built from the generic hyperparameters {@code optimizer.learning_rate|momentum|weight_decay}. */
final class Optimizers {

    private Optimizers() {
    }

    static Sgd sgd(List<Param> params, HyperParameters hp) {
        return new Sgd(params, hp.getDouble("optimizer.learning_rate"), hp.getDouble("optimizer.momentum"),
                hp.getDouble("optimizer.weight_decay"));
    }

    /** Adam with the generic learning rate and weight decay; {@code optimizer.momentum} does not apply. */
    static Adam adam(List<Param> params, HyperParameters hp) {
        return new Adam(params, HpChecks.nonNegative(hp, "optimizer.learning_rate"),
                HpChecks.nonNegative(hp, "optimizer.weight_decay"));
    }
}
