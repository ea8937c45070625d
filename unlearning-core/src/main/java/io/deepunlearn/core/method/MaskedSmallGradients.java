package io.deepunlearn.core.method;

import io.deepunlearn.core.engine.Scalars;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.model.Conv2d;
import io.deepunlearn.core.model.Init;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import io.deepunlearn.core.train.Gradients;
import io.deepunlearn.core.train.Losses;
import io.deepunlearn.core.train.LrSchedules;
import io.deepunlearn.core.train.Sgd;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * MSG, Masked Small Gradients (Kaggle 2nd place, docs/reference.md#msg, {@code kgltop2.py}):
 * <ol>
 *   <li>saliency G: gradients accumulated over +CE on a random |D_f|-sized subset of D_r (batch 64, shuffled)
 *       and -CE over D_f (method batch), model in train mode so the BN running statistics move;</li>
 *   <li>in every Conv2d (only convs; on TinyViT every Conv2d_BN conv, depthwise ones included, while the
 *       attention and MLP Linear layers are untouched, as the reference's {@code isinstance(m, nn.Conv2d)}), the
 *       round(p * numel) weights with the smallest |G| are redrawn from Kaiming-normal (fan_out, ReLU); the
 *       others are kept;</li>
 *   <li>fine-tuning on D_r with CE, SGD and the triangular per-epoch schedule, with the raw weight gradient of
 *       each conv scaled by 1.0 on re-initialised and 0.1 on kept weights for the whole run (weight decay and
 *       momentum act unscaled, as with the reference's masked conv); parameter names do not change.</li>
 * </ol>
 * The engine generator is seeded with the context seed (re-initialisation), and the D_r subset is drawn from it.
 * Deviation: a conv bias (none in the shipped architectures) is kept, where the reference's masked conv would
 * silently re-draw it.
 */
public final class MaskedSmallGradients implements UnlearningMethod {

    /** Batch size of the D_r subset in the saliency pass (fixed in the reference). */
    static final int SALIENCY_RETAIN_BATCH = 64;
    static final float KEPT_WEIGHT_GRADIENT_SCALE = 0.1f;

    @Override
    public String name() {
        return "MSG";
    }

    @Override
    public String referenceKey() {
        return "kgltop2";
    }

    @Override
    public HyperParameters defaults() {
        return HyperParameters.builder(name()).sgd(1e-3, 0.9, 5e-4, 64, 5).put("init_rate", 0.3).build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        return SearchSpace.generic(maxEpochs).uniform("init_rate", 0, 1);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        Network net = ctx.model();
        double rate = HpChecks.unitInterval(hp, "init_rate");
        int epochs = HpChecks.atLeast(hp, "num_epochs", 0);
        double lr = hp.getDouble("optimizer.learning_rate");
        Engine.getInstance().setRandomSeed(ctx.seed());
        try (NDManager scope = net.manager().newSubManager()) {
            Map<String, NDArray> saliency = saliency(net, ctx.data().retain(), ctx.data().forget(),
                    hp.getInt("batch_size"), ctx.seed(), scope);
            Map<String, NDArray> scales = reinitialiseSmallGradientWeights(net, saliency, rate, scope);
            Sgd sgd = RetainTraining.genericSgd(net, hp);
            scales.forEach(sgd::scaleGradient);
            RetainTraining.train(net, RetainTraining.retainLoader(ctx, hp), sgd, epochs,
                    e -> LrSchedules.triangular(lr, e, epochs), RetainTraining.crossEntropy(net),
                    RetainTraining.NOTHING_AFTER_EPOCH);
        }
        return net;
    }

    /**
     * The accumulated gradient G of every Conv2d weight (copies in {@code into}); the network's gradients are
     * zero again afterwards, so G never leaks into the first fine-tuning step.
     */
    static Map<String, NDArray> saliency(Network net, TensorDataset retain, TensorDataset forget, int forgetBatch,
                                         long seed, NDManager into) {
        List<Param> params = net.parameters();
        Gradients.zero(params);
        TensorDataset retainSample = retain.subset(randomPositions(retain.size(), forget.size(), seed));
        accumulate(net, new Loader(retainSample, SALIENCY_RETAIN_BATCH, true, false, seed), 1f);
        accumulate(net, new Loader(forget, forgetBatch, true, false, seed), -1f);
        List<Param> convWeights = net.layersOfType(Conv2d.class).stream().map(Conv2d::weight).toList();
        Map<String, NDArray> g = Gradients.snapshot(convWeights, into);
        Gradients.zero(params);
        return g;
    }

    /** The first {@code count} positions of a seeded permutation of [0, n) ({@code randperm(n)[:count]}). */
    static int[] randomPositions(int n, int count, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return java.util.Arrays.copyOf(order, Math.min(n, count));
    }

    /** Adds the gradient of sign * CE over one pass of {@code loader} to the parameters' gradients (no update). */
    private static void accumulate(Network net, Loader loader, float sign) {
        try (NDManager scope = net.manager().newSubManager()) {
            for (Batch b : loader.epoch(scope, 0)) {
                try (NDManager step = scope.newSubManager()) {
                    b.x().attach(step);
                    b.y().attach(step);
                    try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                        gc.backward(Scalars.mul(Losses.crossEntropy(net.forward(b.x(), true), b.y()), sign));
                    }
                }
            }
        }
    }

    /**
     * Re-draws, in each Conv2d, the round(rate * numel) weights with the smallest |G| from Kaiming-normal
     * (fan_out) and returns each conv weight's gradient scale (1.0 where re-drawn, 0.1 where kept), in
     * {@code into}.
     */
    static Map<String, NDArray> reinitialiseSmallGradientWeights(Network net, Map<String, NDArray> saliency,
                                                                 double rate, NDManager into) {
        Map<String, NDArray> scales = new LinkedHashMap<>();
        for (Conv2d conv : net.layersOfType(Conv2d.class)) {
            Param w = conv.weight();
            NDArray g = saliency.get(w.name());
            if (g == null) {
                throw new IllegalStateException("no saliency gradient for " + w.name());
            }
            try (NDManager scope = into.newSubManager()) {
                NDArray magnitude = g.abs();
                magnitude.attach(scope);
                NDArray redraw = Masks.smallest(magnitude, Masks.pythonRound(rate, w.numel()), scope)
                        .toType(DataType.BOOLEAN, false);
                NDArray fresh = Init.kaimingNormalFanOut(scope, w.shape());
                NDArray mixed = NDArrays.where(redraw, fresh, w.value());
                mixed.attach(scope);
                w.set(mixed);
                NDArray scale = NDArrays.where(redraw, scope.ones(w.shape()),
                        scope.full(w.shape(), KEPT_WEIGHT_GRADIENT_SCALE));
                scale.attach(into);
                scales.put(w.name(), scale);
            }
        }
        return scales;
    }
}
