package io.deepunlearn.core.method;

import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.Losses;
import io.deepunlearn.core.train.LrSchedules;
import io.deepunlearn.core.train.Sgd;
import io.deepunlearn.core.train.Trainer;

/**
 * FT (docs/reference.md#ft, {@code finetune.py}): train on D_r with cross-entropy, SGD with CosineAnnealingLR(T_max =
 * epochs) stepped per epoch, model in train mode, plain (un-augmented) shuffled data.
 */
public final class FineTune implements UnlearningMethod {

    @Override
    public String name() {
        return "FT";
    }

    @Override
    public String referenceKey() {
        return "finetune";
    }

    @Override
    public HyperParameters defaults() {
        return HyperParameters.builder(name()).sgd(0.1, 0.9, 5e-4, 256, 5).build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        return SearchSpace.generic(maxEpochs);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        Network net = ctx.model();
        int epochs = hp.getInt("num_epochs");
        double lr = hp.getDouble("optimizer.learning_rate");
        Sgd sgd = new Sgd(net.parameters(), lr, hp.getDouble("optimizer.momentum"), hp.getDouble("optimizer.weight_decay"));
        Loader retain = new Loader(ctx.data().retain(), hp.getInt("batch_size"), true, false, ctx.seed());
        for (int e = 0; e < epochs; e++) {
            sgd.setLearningRate(LrSchedules.cosine(lr, e, epochs, 0));
            Trainer.epoch(net, retain, e, sgd, b -> Losses.crossEntropy(net.forward(b.x(), true), b.y()));
        }
        return net;
    }
}
