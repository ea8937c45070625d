package io.deepunlearn.core.method;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.model.Conv2d;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.Losses;
import java.util.List;

/**
 * CFW, Kaggle 3rd place (docs/reference.md#cfw, {@code kgltop3.py}):
 * <ol>
 *   <li>"confuse": each top-level child whose name contains "conv" gets w ~ N(w, sigma_start^2);</li>
 *   <li>train on D_r for E epochs with loss CE_mean(batch) x mean over the batch of the "balanced" class weight
 *       n / (C n_k) of D_r (the reference's per-batch weighting, kept), SGD, CosineAnnealingLR(T_max = E) per
 *       epoch, train mode;</li>
 *   <li>after the training of epoch E-2 (0-based), confuse again with sigma_final.</li>
 * </ol>
 * Architecture mapping: on ResNet-18 the confused layer is {@code conv1}, as in the reference. small-cnn and
 * TinyViT have no top-level conv child (their convs are {@code blockN.conv}, {@code patch_embed.seq.0.c} ...); by
 * default their first conv (small-cnn {@code block1.conv}, TinyViT {@code patch_embed.seq.0.c}: the stem, the layer
 * that plays conv1's role) is confused instead. On TinyViT that is a deviation: the reference confuses nothing
 * there and only fine-tunes. {@code new ConfuseFinetuneWeaken(false)} is the parity switch: confuse only literal
 * top-level conv children, i.e. nothing on small-cnn or TinyViT. {@code class_weight} is unused (kept for parity, as in the reference). The engine generator is
 * seeded with the context seed.
 */
public final class ConfuseFinetuneWeaken implements UnlearningMethod {

    /** The parity hyperparameter: true = confuse the first conv when there is no top-level conv (our default). */
    public static final String STEM_FALLBACK = "stem_fallback";

    private final boolean stemFallback;

    /** Confuses the first conv when the network has no top-level conv child. */
    public ConfuseFinetuneWeaken() {
        this(true);
    }

    /** @param stemFallback false for reference parity: only top-level children named "conv" are confused */
    public ConfuseFinetuneWeaken(boolean stemFallback) {
        this.stemFallback = stemFallback;
    }

    @Override
    public String name() {
        return "CFW";
    }

    @Override
    public String referenceKey() {
        return "kgltop3";
    }

    @Override
    public HyperParameters defaults() {
        return HyperParameters.builder(name()).sgd(7e-4, 0.9, 5e-4, 64, 4)
                .put("sigma_start", 0.6).put("sigma_final", 0.005).put("class_weight", 0.05)
                .put(STEM_FALLBACK, stemFallback).build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        return SearchSpace.generic(maxEpochs).uniform("sigma_start", 0, 1).uniform("sigma_final", 0, 1);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        Network net = ctx.model();
        int epochs = HpChecks.atLeast(hp, "num_epochs", 0);
        double sigmaStart = HpChecks.nonNegative(hp, "sigma_start");
        double sigmaFinal = HpChecks.nonNegative(hp, "sigma_final");
        Engine.getInstance().setRandomSeed(ctx.seed());
        List<Conv2d> targets = confusionTargets(net, hp.getBoolean(STEM_FALLBACK));
        confuse(targets, sigmaStart);
        float[] weights = ClassWeights.balanced(ClassWeights.counts(ctx.data().retain(), net.spec().numClasses()));
        try (NDManager scope = net.manager().newSubManager()) {
            NDArray classWeights = scope.create(weights);
            RetainTraining.train(net, RetainTraining.retainLoader(ctx, hp), RetainTraining.genericSgd(net, hp), epochs,
                    RetainTraining.cosine(hp.getDouble("optimizer.learning_rate"), epochs),
                    b -> batchWeightedCrossEntropy(net.forward(b.x(), true), b.y(), classWeights),
                    e -> {
                        if (e == epochs - 2) {
                            confuse(targets, sigmaFinal);
                        }
                    });
        }
        return net;
    }

    /** The reference's loss: mean CE of the batch times the mean class weight of the batch's labels. */
    static NDArray batchWeightedCrossEntropy(NDArray logits, NDArray labels, NDArray classWeights) {
        return Losses.crossEntropy(logits, labels).mul(ClassWeights.perSample(classWeights, labels).mean());
    }

    /** Top-level conv children; with {@code stemFallback}, the first conv when there are none. */
    static List<Conv2d> confusionTargets(Network net, boolean stemFallback) {
        List<Conv2d> top = NetworkParts.topLevelConvs(net);
        return top.isEmpty() && stemFallback ? List.of(NetworkParts.firstConv(net)) : top;
    }

    /** w <- w + sigma * N(0, 1) for each target's weight (bias untouched, as in the reference). */
    static void confuse(List<Conv2d> targets, double sigma) {
        for (Conv2d conv : targets) {
            NetworkParts.addGaussianNoise(conv.weight(), sigma);
        }
    }
}
