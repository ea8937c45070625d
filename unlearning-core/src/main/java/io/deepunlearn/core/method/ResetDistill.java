package io.deepunlearn.core.method;

import io.deepunlearn.core.engine.Scalars;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.model.Layer;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.Losses;
import io.deepunlearn.core.train.Sgd;
import java.util.List;

/**
 * KDE, Kaggle 6th prize (docs/reference.md#kde, {@code kgltop6.py}): a frozen eval-mode teacher copy; reset the stem conv
 * and the classifier (PyTorch default {@code reset_parameters}); warm up for {@code num_epochs} on D_val
 * (unshuffled, as the reference's val loader) with KL_batchmean(softmax(teacher/T) || softmax(student/T)), no T^2
 * factor, generic SGD; then {@code retain_num_epochs} on D_r with softCE(student/T, teacher/T) + CE + the same
 * KL, SGD with the {@code retain_optimizer.*} lr and weight decay, CosineAnnealingLR(T_max = E_r) per epoch.
 * Student in train mode throughout. D_val is consumed, so it is not a clean held-out set for this method's MIA.
 *
 * <p>Architecture mapping: the reference resets {@code conv1} only if the model has one (ResNet), and {@code fc}
 * or {@code head}. small-cnn and TinyViT have no {@code conv1}; by default their first conv (small-cnn
 * {@code block1.conv}, TinyViT {@code patch_embed.seq.0.c}, the stem; its BN is not reset) is reset instead, on
 * TinyViT a deviation from the reference, which resets {@code head} alone there. The hyperparameter
 * {@code stem_fallback} (CLI: {@code --set KDE.stem_fallback=false}; {@code new ResetDistill(false)} makes false the
 * default) is the parity switch that resets the classifier alone there; it is not searched. The engine
 * generator is seeded with the context seed (the resets repeat). The retain-phase momentum is
 * {@code optimizer.momentum} (the reference's separate retain momentum is fixed to the same 0.9).
 */
public final class ResetDistill implements UnlearningMethod {

    private final boolean stemFallback;

    /** Resets the first conv when the network has no {@code conv1}. */
    public ResetDistill() {
        this(true);
    }

    /** @param stemFallback false for reference parity: reset {@code conv1} only where it exists */
    public ResetDistill(boolean stemFallback) {
        this.stemFallback = stemFallback;
    }

    @Override
    public String name() {
        return "KDE";
    }

    @Override
    public String referenceKey() {
        return "kgltop6";
    }

    @Override
    public HyperParameters defaults() {
        return HyperParameters.builder(name()).sgd(9e-4, 0.9, 5e-4, 64, 3)
                .put("temperature", 5.0)
                .put("retain_num_epochs", 3)
                .put("retain_optimizer.learning_rate", 1e-3)
                .put("retain_optimizer.weight_decay", 5e-4)
                .put(ConfuseFinetuneWeaken.STEM_FALLBACK, stemFallback)
                .build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        return SearchSpace.generic(maxEpochs)
                .uniform("temperature", 0, 5)
                .integer("retain_num_epochs", 1, Math.max(1, maxEpochs))
                .logUniform("retain_optimizer.learning_rate", 1e-5, 1e-1)
                .logUniform("retain_optimizer.weight_decay", 1e-5, 1e-1);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        Network net = ctx.model();
        int warmupEpochs = HpChecks.atLeast(hp, "num_epochs", 0);
        int retainEpochs = HpChecks.atLeast(hp, "retain_num_epochs", 0);
        float t = (float) HpChecks.positive(hp, "temperature");
        double retainLr = hp.getDouble("retain_optimizer.learning_rate");
        int batch = hp.getInt("batch_size");
        try (Network teacher = net.copy()) {
            teacher.setAllTrainable(false);
            Engine.getInstance().setRandomSeed(ctx.seed());
            resetTargets(net, hp.getBoolean(ConfuseFinetuneWeaken.STEM_FALLBACK)).forEach(Layer::resetParameters);
            Loader val = new Loader(ctx.data().val(), batch, false, false, ctx.seed());
            RetainTraining.train(net, val, RetainTraining.genericSgd(net, hp), warmupEpochs,
                    e -> hp.getDouble("optimizer.learning_rate"),
                    b -> distillation(net.forward(b.x(), true), teacher.forward(b.x(), false), t),
                    RetainTraining.NOTHING_AFTER_EPOCH);
            Sgd retainSgd = new Sgd(net.parameters(), retainLr, hp.getDouble("optimizer.momentum"),
                    hp.getDouble("retain_optimizer.weight_decay"));
            RetainTraining.train(net, RetainTraining.retainLoader(ctx, hp), retainSgd, retainEpochs,
                    RetainTraining.cosine(retainLr, retainEpochs),
                    b -> {
                        NDArray student = net.forward(b.x(), true);
                        NDArray teacherLogits = teacher.forward(b.x(), false);
                        NDArray soft = Losses.softCrossEntropy(Scalars.div(student, t), teacherLogits.div(t).softmax(1));
                        return soft.add(Losses.crossEntropy(student, b.y()))
                                .add(distillation(student, teacherLogits, t));
                    },
                    RetainTraining.NOTHING_AFTER_EPOCH);
        }
        return net;
    }

    /** KL_batchmean(softmax(teacher/T) || softmax(student/T)), without the T^2 factor. */
    static NDArray distillation(NDArray student, NDArray teacher, float t) {
        return Losses.klDivBatchMean(Scalars.div(student, t).logSoftmax(1), teacher.div(t).softmax(1));
    }

    /** {@code conv1} if present (else, with {@code stemFallback}, the first conv), then the classifier. */
    static List<Layer> resetTargets(Network net, boolean stemFallback) {
        Layer classifier = net.layer(net.classifier());
        Layer conv1 = net.layers().get("conv1");
        if (conv1 == null && stemFallback) {
            conv1 = NetworkParts.firstConv(net);
        }
        return conv1 == null ? List.of(classifier) : List.of(conv1, classifier);
    }
}
