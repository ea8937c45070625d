package io.deepunlearn.core.method;

import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.Losses;
import io.deepunlearn.core.train.Optimizer;
import io.deepunlearn.core.train.Trainer;

/**
 * SRL, Successive Random Labels (docs/reference.md#srl, {@code successive_random_labels.py} -> {@code salun.RandomRelabel}):
 * each epoch trains with CE on D_f with freshly drawn random labels concatenated with D_r (true labels),
 * shuffled, plain transform, SGD without a scheduler (the reference config carries a cosine scheduler that is
 * never stepped), model in train mode. See {@link RandomRelabel} for the label draws.
 */
public final class SuccessiveRandomLabels implements UnlearningMethod {

    @Override
    public String name() {
        return "SRL";
    }

    @Override
    public String referenceKey() {
        return "successive_random_labels";
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
        train(name(), ctx, hp.getInt("batch_size"), hp.getInt("num_epochs"), Optimizers.sgd(net.parameters(), hp));
        return net;
    }

    /** The SRL loop with a given optimiser (SalUn passes its gradient-masked SGD). */
    static void train(String method, UnlearningContext ctx, int batchSize, int epochs, Optimizer optimizer) {
        Network net = ctx.model();
        HpChecks.nonEmpty(ctx.data().forget(), "forget", method);
        RandomRelabel relabel = new RandomRelabel(ctx.data().forget(), ctx.data().retain(), net.spec().numClasses());
        Loader loader = new Loader(relabel.combined(), batchSize, true, false, ctx.seed());
        for (int e = 0; e < epochs; e++) {
            RandomRelabel.Labels labels = relabel.epoch();
            Trainer.epoch(net, loader, e, optimizer, b -> Losses.crossEntropy(net.forward(b.x(), true), labels.of(b)));
        }
    }
}
