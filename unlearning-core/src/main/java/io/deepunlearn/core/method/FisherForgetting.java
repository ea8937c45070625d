package io.deepunlearn.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import io.deepunlearn.core.train.Gradients;
import io.deepunlearn.core.train.Losses;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FF, Fisher Forgetting (docs/reference.md#ff, {@code fisher.py::fisher_new}, Golatkar et al. 2020 via Unlearn-Sparse). No
 * optimiser; model in eval mode. A diagonal "Hessian" h is accumulated over D_r in unshuffled batches of
 * {@code batch_size}: for each batch and each class y, the gradient g of the mean CE with every target set to y
 * adds mean_batch(p_y) * g^2 (C backward passes per batch); h is then divided by the number of batches. Every
 * parameter tensor (buffers untouched) becomes theta_0 + sqrt(v) * N(0, 1) with v from {@link #variance}.
 * The noise is drawn from the engine generator seeded with the model seed. Each class pass recomputes the
 * (eval-mode, hence identical) forward instead of retaining the graph.
 */
public final class FisherForgetting implements UnlearningMethod {

    @Override
    public String name() {
        return "FF";
    }

    @Override
    public String referenceKey() {
        return "fisher";
    }

    @Override
    public HyperParameters defaults() {
        return HyperParameters.builder(name()).put("alpha", 0.2).put("batch_size", 64).build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        return new SearchSpace().categorical("batch_size", 64, 128, 256).uniform("alpha", 0, 1);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        Network net = ctx.model();
        double alpha = HpChecks.nonNegative(hp, "alpha");
        HpChecks.nonEmpty(ctx.data().retain(), "retain", name());
        int classes = net.spec().numClasses();
        try (NDManager work = net.manager().newSubManager()) {
            Map<String, NDArray> h = diagonalFisher(net, Loader.plain(ctx.data().retain(), hp.getInt("batch_size")), work);
            Engines.pytorch().setRandomSeed(ctx.seed());
            for (Param p : GradientSums.trainable(net)) {
                try (NDManager step = work.newSubManager()) {
                    NDArray v = variance(h.get(p.name()), alpha, classes);
                    v.attach(step);
                    NDArray noise = step.randomNormal(0f, 1f, p.shape(), DataType.FLOAT32);
                    p.set(noise.muli(v.sqrt()).addi(p.value()));
                }
            }
        }
        return net;
    }

    /** h per trainable parameter (arrays in {@code out}); the model's gradients are zero afterwards. */
    static Map<String, NDArray> diagonalFisher(Network net, Loader retain, NDManager out) {
        List<Param> params = GradientSums.trainable(net);
        int classes = net.spec().numClasses();
        Map<String, NDArray> h = new LinkedHashMap<>();
        for (Param p : params) {
            h.put(p.name(), out.zeros(p.shape()));
        }
        Gradients.zero(params);
        int[] batches = {0};
        Batches.forEach(net.manager(), retain, 0, b -> {
            float[] meanProb = meanProbabilities(net, b);
            for (int y = 0; y < classes; y++) {
                NDArray target = constantLabels(b, y);
                GradientSums.backward(batch -> Losses.crossEntropy(net.forward(batch.x(), false), target), b);
                float weight = meanProb[y];
                Gradients.forEach(params, (p, g) -> {
                    try (NDArray sq = g.square()) {
                        h.get(p.name()).addi(sq.muli(weight));
                    }
                    g.subi(g);
                });
            }
            batches[0]++;
        });
        for (NDArray a : h.values()) {
            a.divi(batches[0]);
        }
        return h;
    }

    private static float[] meanProbabilities(Network net, Batch b) {
        return net.forward(b.x(), false).softmax(1).mean(new int[] {0}).toFloatArray();
    }

    private static NDArray constantLabels(Batch b, int y) {
        long[] labels = new long[b.size()];
        Arrays.fill(labels, y);
        return b.x().getManager().create(labels);
    }

    /**
     * The noise variance of one tensor from its h (docs/reference.md#ff steps 1-5): v = min(1/(h + 1e-8), 1e3); clamp to 1e2
     * when the first dimension is C; times alpha; for tensors of rank > 1, the mean over dim 1 broadcast back;
     * times 10 when the first dimension is C, otherwise times 10 for one-dimensional tensors. Returned in h's
     * manager.
     */
    static NDArray variance(NDArray h, double alpha, int numClasses) {
        Shape shape = h.getShape();
        boolean classRows = shape.get(0) == numClasses;
        try (NDManager tmp = h.getManager().newSubManager()) {
            NDArray v = h.duplicate();
            v.attach(tmp);
            v = v.add(1e-8f).pow(-1).minimum(1e3f);
            if (classRows) {
                v = v.minimum(1e2f);
            }
            v = v.mul((float) alpha);
            if (shape.dimension() > 1) {
                v = v.mean(new int[] {1}, true).broadcast(shape);
            }
            if (classRows || shape.dimension() == 1) {
                v = v.mul(10f);
            }
            NDArray result = v.duplicate();
            result.attach(h.getManager());
            return result;
        }
    }
}
