package io.deepunlearn.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import io.deepunlearn.core.train.Losses;
import io.deepunlearn.core.train.Sgd;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SalUn, Saliency Unlearning (docs/reference.md#salun, {@code salun.py}, Fan et al. 2024).
 * <ol>
 * <li>Mask: with the model in eval mode, sum the gradient of -CE over all batches of D_f (shuffled, method batch
 * size); score every element of every parameter (BN and biases included) by |sum|, and keep the global top
 * floor(threshold * N) ({@link SaliencyMask}).</li>
 * <li>Each epoch: SRL ({@link SuccessiveRandomLabels}) with every raw gradient multiplied by the mask before the
 * SGD step; weight decay and momentum still act on the masked weights, as in the reference.</li>
 * </ol>
 * Deviations: the reference zeroes the gradients of the original model instead of the copy it probes, so its
 * "sum" adds cumulative gradients; here it is the plain sum. The probe runs on the model itself (eval mode
 * changes nothing) and its gradients are zeroed afterwards, instead of on a deep copy. The
 * {@code mask_optimizer.*} hyperparameters are searched for trial-count parity but, as in the reference, unused;
 * their defaults are the generic SGD defaults.
 */
public final class SalUn implements UnlearningMethod {

    @Override
    public String name() {
        return "SalUn";
    }

    @Override
    public String referenceKey() {
        return "salun";
    }

    @Override
    public HyperParameters defaults() {
        return HyperParameters.builder(name()).sgd(0.01, 0.0, 0.0, 256, 10)
                .put("threshold", 0.5)
                .put("mask_optimizer.learning_rate", 0.1)
                .put("mask_optimizer.momentum", 0.9)
                .put("mask_optimizer.weight_decay", 5e-4)
                .build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        return SearchSpace.generic(maxEpochs)
                .uniform("threshold", 0, 1)
                .logUniform("mask_optimizer.learning_rate", 1e-5, 1e-1)
                .fixed("mask_optimizer.momentum", 0.9)
                .logUniform("mask_optimizer.weight_decay", 1e-5, 1e-1);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        Network net = ctx.model();
        double threshold = HpChecks.unitInterval(hp, "threshold");
        HpChecks.nonEmpty(ctx.data().forget(), "forget", name());
        int batch = hp.getInt("batch_size");
        Map<String, float[]> mask = SaliencyMask.topFraction(saliency(net, ctx, batch), threshold);
        try (NDManager masks = net.manager().newSubManager()) {
            Sgd sgd = Optimizers.sgd(net.parameters(), hp);
            for (Param p : GradientSums.trainable(net)) {
                sgd.scaleGradient(p.name(), masks.create(mask.get(p.name()), p.shape()));
            }
            SuccessiveRandomLabels.train(name(), ctx, batch, hp.getInt("num_epochs"), sgd);
        }
        return net;
    }

    /** |sum over D_f batches of grad(-CE)| per element, eval mode. */
    static Map<String, float[]> saliency(Network net, UnlearningContext ctx, int batchSize) {
        Loader forget = new Loader(ctx.data().forget(), batchSize, true, false, ctx.seed());
        Map<String, float[]> scores = new LinkedHashMap<>();
        try (NDManager work = net.manager().newSubManager()) {
            Map<String, NDArray> sums = GradientSums.sum(net, forget,
                    b -> Losses.crossEntropy(net.forward(b.x(), false), b.y()).neg(), work);
            sums.forEach((name, g) -> scores.put(name, g.abs().toFloatArray()));
        }
        return scores;
    }
}
