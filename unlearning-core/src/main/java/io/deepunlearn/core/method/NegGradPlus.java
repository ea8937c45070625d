package io.deepunlearn.core.method;

import io.deepunlearn.core.engine.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.Losses;
import io.deepunlearn.core.train.Sgd;
import io.deepunlearn.core.train.Trainer;
import java.util.Iterator;

/**
 * NG+, Negative Gradient Plus (docs/reference.md#ngplus, {@code neggradplus.py}): an epoch walks the shuffled D_r loader zipped
 * with a cycling D_f loader (|D_r|/B steps) and minimises alpha*CE(x_r) - (1-alpha)*CE(x_f) with SGD, no
 * scheduler. The model runs in <b>eval mode</b>: BN uses, and never updates, its running statistics.
 * <p>
 * Deviations, both without effect on the result: the reference's proximal term (lambda/2)*||theta - theta_0||^2
 * has lambda fixed at 0.0, so neither the term nor the frozen copy theta_0 is built; the forget loader is one
 * endless stream that reshuffles on every pass (the reference's {@code cycle} replays its first pass).
 */
public final class NegGradPlus implements UnlearningMethod {

    @Override
    public String name() {
        return "NG+";
    }

    @Override
    public String referenceKey() {
        return "neggradplus";
    }

    @Override
    public HyperParameters defaults() {
        return HyperParameters.builder(name()).sgd(0.01, 0.9, 0.0, 256, 10).put("alpha", 0.95).build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        return SearchSpace.generic(maxEpochs).uniform("alpha", 0, 1);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        Network net = ctx.model();
        double alpha = HpChecks.unitInterval(hp, "alpha");
        HpChecks.nonEmpty(ctx.data().forget(), "forget", name());
        int batch = hp.getInt("batch_size");
        Sgd sgd = Optimizers.sgd(net.parameters(), hp);
        Loader retain = new Loader(ctx.data().retain(), batch, true, false, ctx.seed());
        Loader forget = new Loader(ctx.data().forget(), batch, true, false, ctx.seed());
        int epochs = hp.getInt("num_epochs");
        try (NDManager run = net.manager().newSubManager()) {
            Iterator<Batch> forgetStream = forget.cycle(run);
            for (int e = 0; e < epochs; e++) {
                try (NDManager scope = run.newSubManager()) {
                    for (Batch r : retain.epoch(scope, e)) {
                        try (NDManager step = scope.newSubManager()) {
                            Batch f = Batches.attach(forgetStream.next(), step);
                            Trainer.step(sgd, b -> loss(net, alpha, b, f), Batches.attach(r, step));
                        }
                    }
                }
            }
        }
        return net;
    }

    private static NDArray loss(Network net, double alpha, Batch retain, Batch forget) {
        NDArray retainLoss = Scalars.mul(Losses.crossEntropy(net.forward(retain.x(), false), retain.y()), alpha);
        NDArray forgetLoss = Scalars.mul(Losses.crossEntropy(net.forward(forget.x(), false), forget.y()), 1 - alpha);
        return retainLoss.sub(forgetLoss);
    }
}
