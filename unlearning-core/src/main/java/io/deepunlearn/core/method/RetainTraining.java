package io.deepunlearn.core.method;

import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.BatchLoss;
import io.deepunlearn.core.train.Losses;
import io.deepunlearn.core.train.LrSchedules;
import io.deepunlearn.core.train.Sgd;
import io.deepunlearn.core.train.Trainer;
import java.util.function.IntConsumer;
import java.util.function.IntToDoubleFunction;

/** The fine-tuning loop several Kaggle methods share: E epochs over D_r with a per-epoch learning rate. */
final class RetainTraining {

    /** No per-epoch hook. */
    static final IntConsumer NOTHING_AFTER_EPOCH = e -> { };

    private RetainTraining() {
    }

    /**
     * {@code epochs} passes of {@code loss} over {@code retain}; epoch e uses the learning rate {@code lrAt(e)},
     * and {@code afterEpoch(e)} runs after its last step (before the scheduler would step).
     */
    static void train(Network net, Loader retain, Sgd sgd, int epochs, IntToDoubleFunction lrAt, BatchLoss loss,
                      IntConsumer afterEpoch) {
        for (int e = 0; e < epochs; e++) {
            sgd.setLearningRate(lrAt.applyAsDouble(e));
            Trainer.epoch(net, retain, e, sgd, loss);
            afterEpoch.accept(e);
        }
    }

    /** Mean cross-entropy with the model in train mode. */
    static BatchLoss crossEntropy(Network net) {
        return b -> Losses.crossEntropy(net.forward(b.x(), true), b.y());
    }

    /** CosineAnnealingLR(T_max = epochs) stepped per epoch. */
    static IntToDoubleFunction cosine(double lr, int epochs) {
        return e -> LrSchedules.cosine(lr, e, epochs, 0);
    }

    /** The generic SGD of a method's {@code optimizer.*} hyperparameters over every parameter. */
    static Sgd genericSgd(Network net, HyperParameters hp) {
        return new Sgd(net.parameters(), hp.getDouble("optimizer.learning_rate"), hp.getDouble("optimizer.momentum"),
                hp.getDouble("optimizer.weight_decay"));
    }

    /** The plain (un-augmented), shuffled D_r loader every method but EU-k uses, with the method's batch size. */
    static Loader retainLoader(UnlearningContext ctx, HyperParameters hp) {
        return new Loader(ctx.data().retain(), hp.getInt("batch_size"), true, false, ctx.seed());
    }
}
