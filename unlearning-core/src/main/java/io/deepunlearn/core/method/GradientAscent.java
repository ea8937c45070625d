package io.deepunlearn.core.method;

import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.Losses;
import io.deepunlearn.core.train.Sgd;
import io.deepunlearn.core.train.Trainer;

/**
 * GA, Gradient Ascent (docs/reference.md#ga, {@code gradient_ascent.py}): every epoch, one pass over the shuffled, plain
 * D_f minimising -CE (plain ascent on the forget loss, no retain term, no clamping). SGD without a scheduler,
 * model in train mode.
 */
public final class GradientAscent implements UnlearningMethod {

    @Override
    public String name() {
        return "GA";
    }

    @Override
    public String referenceKey() {
        return "gradient_ascent";
    }

    @Override
    public HyperParameters defaults() {
        return HyperParameters.builder(name()).sgd(0.01, 0.9, 5e-4, 256, 10).build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        return SearchSpace.generic(maxEpochs);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        Network net = ctx.model();
        HpChecks.nonEmpty(ctx.data().forget(), "forget", name());
        Sgd sgd = Optimizers.sgd(net.parameters(), hp);
        Loader forget = new Loader(ctx.data().forget(), hp.getInt("batch_size"), true, false, ctx.seed());
        int epochs = hp.getInt("num_epochs");
        for (int e = 0; e < epochs; e++) {
            Trainer.epoch(net, forget, e, sgd, b -> Losses.crossEntropy(net.forward(b.x(), true), b.y()).neg());
        }
        return net;
    }
}
