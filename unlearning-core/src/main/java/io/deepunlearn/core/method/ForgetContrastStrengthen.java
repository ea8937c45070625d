package io.deepunlearn.core.method;

import io.deepunlearn.core.engine.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.Losses;
import io.deepunlearn.core.train.LrSchedules;
import io.deepunlearn.core.train.Sgd;
import io.deepunlearn.core.train.Trainer;
import java.util.Iterator;

/**
 * FCS, Kaggle 1st place (docs/reference.md#fcs, {@code kgltop1.py}), model in train mode throughout:
 * <ol>
 *   <li>one pass over D_f with KL_batchmean(uniform || softmax(f(x))), generic SGD (lr 0.005, wd 0);</li>
 *   <li>for E epochs: a forget round over zip(D_f, freshly shuffled D_r), stopping with the shorter, with the
 *       contrastive loss mean(-log_softmax(Z_f Z_r^T / T, dim 1)) where Z_r is detached, SGD at the
 *       {@code forget_optimizer.*} lr and wd with cosine annealing per step (T_max = |D_f loader| * E, eta_min);
 *       then a retain round, one pass of CE over D_r, SGD at lr {@code retain_optimizer.learning_rate} * B / 64
 *       and the retain wd.</li>
 * </ol>
 * The three optimisers keep separate momentum buffers; all use {@code optimizer.momentum} (the reference's
 * separate forget/retain momenta are fixed to the same 0.9). The forget round draws D_r from a loader of its own
 * (seed + 1), as the reference's second D_r loader. A temperature of 0 is rejected (the reference divides by it).
 */
public final class ForgetContrastStrengthen implements UnlearningMethod {

    @Override
    public String name() {
        return "FCS";
    }

    @Override
    public String referenceKey() {
        return "kgltop1";
    }

    @Override
    public HyperParameters defaults() {
        return HyperParameters.builder(name()).sgd(0.005, 0.9, 0.0, 256, 8)
                .put("retain_optimizer.learning_rate", 1e-3)
                .put("retain_optimizer.weight_decay", 1e-2)
                .put("forget_optimizer.learning_rate", 3e-4)
                .put("forget_optimizer.weight_decay", 0.0)
                .put("temperature", 1.15)
                .put("eta_min", 1e-6)
                .build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        return SearchSpace.generic(maxEpochs)
                .logUniform("retain_optimizer.learning_rate", 1e-5, 1e-1)
                .logUniform("retain_optimizer.weight_decay", 1e-5, 1e-1)
                .logUniform("forget_optimizer.learning_rate", 1e-5, 1e-1)
                .logUniform("forget_optimizer.weight_decay", 1e-5, 1e-1)
                .uniform("temperature", 0, 5)
                .logUniform("eta_min", 1e-6, 1e-1);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        Network net = ctx.model();
        int epochs = HpChecks.atLeast(hp, "num_epochs", 0);
        int batch = hp.getInt("batch_size");
        float temperature = (float) HpChecks.positive(hp, "temperature");
        double momentum = hp.getDouble("optimizer.momentum");
        double forgetLr = hp.getDouble("forget_optimizer.learning_rate");
        double etaMin = hp.getDouble("eta_min");
        Sgd forgetSgd = new Sgd(net.parameters(), forgetLr, momentum, hp.getDouble("forget_optimizer.weight_decay"));
        Sgd retainSgd = new Sgd(net.parameters(), hp.getDouble("retain_optimizer.learning_rate") * batch / 64.0,
                momentum, hp.getDouble("retain_optimizer.weight_decay"));
        Loader forget = new Loader(ctx.data().forget(), batch, true, false, ctx.seed());
        Loader retainForForget = new Loader(ctx.data().retain(), batch, true, false, ctx.seed() + 1L);
        Loader retain = RetainTraining.retainLoader(ctx, hp);

        Trainer.epoch(net, forget, 0, RetainTraining.genericSgd(net, hp),
                b -> towardsUniform(net.forward(b.x(), true)));
        int totalSteps = forget.batchesPerEpoch() * epochs;
        int step = 0;
        for (int ep = 0; ep < epochs; ep++) {
            try (NDManager scope = net.manager().newSubManager()) {
                Iterator<Batch> forgetBatches = forget.epoch(scope, ep + 1).iterator();
                Iterator<Batch> retainBatches = retainForForget.epoch(scope, ep).iterator();
                while (forgetBatches.hasNext() && retainBatches.hasNext()) {
                    try (NDManager stepScope = scope.newSubManager()) {
                        Batch f = forgetBatches.next();
                        Batch r = retainBatches.next();
                        for (NDArray a : new NDArray[] {f.x(), f.y(), r.x(), r.y()}) {
                            a.attach(stepScope);
                        }
                        forgetSgd.setLearningRate(LrSchedules.cosine(forgetLr, step++, totalSteps, etaMin));
                        Trainer.step(forgetSgd, b -> contrastiveLoss(net.forward(f.x(), true),
                                net.forward(r.x(), true).stopGradient(), temperature), f);
                    }
                }
            }
            Trainer.epoch(net, retain, ep, retainSgd, RetainTraining.crossEntropy(net));
        }
        return net;
    }

    /** KL_batchmean(u || softmax(logits)) with u uniform over the classes. */
    static NDArray towardsUniform(NDArray logits) {
        NDArray uniform = logits.onesLike().div((float) logits.getShape().get(1));
        return Losses.klDivBatchMean(logits.logSoftmax(1), uniform);
    }

    /** mean over all entries of -log_softmax(Z_f Z_r^T / T, dim 1): each forget row pushed to equal similarity. */
    static NDArray contrastiveLoss(NDArray forgetLogits, NDArray retainLogits, float temperature) {
        return Scalars.div(forgetLogits.matMul(retainLogits.transpose()), temperature).logSoftmax(1).neg().mean();
    }
}
