package io.deepunlearn.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import io.deepunlearn.core.train.Gradients;
import io.deepunlearn.core.train.Losses;
import java.util.List;

/**
 * IU, Influence Unlearning (docs/reference.md#iu, {@code iu.py::Wfisher}, via Unlearn-Sparse). Model in eval mode, all loaders
 * plain and unshuffled.
 * <ol>
 * <li>g_f = the sum of per-sample CE gradients over D_f (batches of {@code batch_size}), g_r the same over D_r.</li>
 * <li>v = g_f / (n_f + n_r) - g_r * n_f / ((n_f + n_r) * n_r).</li>
 * <li>k = {@link WoodFisher} inverse-Hessian-vector product of v with N = 1000 over D_r at batch 1 (the first
 * N + 2 = 1002 samples at most).</li>
 * <li>theta <- theta + alpha * k.</li>
 * </ol>
 * {@code num_epochs} is searched for trial-count parity but unused, as in the reference.
 */
public final class InfluenceUnlearning implements UnlearningMethod {

    static final int WOODFISHER_N = 1000;

    @Override
    public String name() {
        return "IU";
    }

    @Override
    public String referenceKey() {
        return "influence";
    }

    @Override
    public HyperParameters defaults() {
        return HyperParameters.builder(name()).put("alpha", 0.2).put("batch_size", 256).put("num_epochs", 5).build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        return new SearchSpace()
                .categorical("batch_size", 64, 128, 256)
                .uniform("alpha", 0, 1)
                .integer("num_epochs", 1, Math.max(1, maxEpochs));
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        Network net = ctx.model();
        double alpha = hp.getDouble("alpha");
        try (NDManager work = net.manager().newSubManager()) {
            NDArray k = direction(ctx, hp.getInt("batch_size"), WOODFISHER_N, work);
            GradientSums.addToParams(GradientSums.trainable(net), k, alpha);
        }
        return net;
    }

    /** k, the WoodFisher direction theta moves along (flat, trainable-parameter order, in {@code out}). */
    static NDArray direction(UnlearningContext ctx, int batchSize, int woodFisherN, NDManager out) {
        Network net = ctx.model();
        TensorDataset forget = HpChecks.nonEmpty(ctx.data().forget(), "forget", "IU");
        TensorDataset retain = HpChecks.nonEmpty(ctx.data().retain(), "retain", "IU");
        try (NDManager tmp = out.newSubManager()) {
            NDArray v = influenceVector(net, forget, retain, batchSize, tmp);
            try (WoodFisher wf = new WoodFisher(v, woodFisherN, tmp)) {
                feedPerSampleGradients(net, retain, wf);
                NDArray k = wf.direction().duplicate();
                k.attach(out);
                return k;
            }
        }
    }

    /** v = g_f / (n_f + n_r) - g_r * n_f / ((n_f + n_r) * n_r). */
    static NDArray influenceVector(Network net, TensorDataset forget, TensorDataset retain, int batchSize,
                                   NDManager out) {
        double nf = forget.size();
        double nr = retain.size();
        NDArray gf = summedGradient(net, forget, batchSize, out);
        NDArray gr = summedGradient(net, retain, batchSize, out);
        gf.divi((float) (nf + nr));
        gr.muli((float) (nf / ((nf + nr) * nr)));
        return gf.subi(gr);
    }

    /** The sum over {@code data} of per-sample CE gradients (sum-reduced CE per batch), flat. */
    static NDArray summedGradient(Network net, TensorDataset data, int batchSize, NDManager out) {
        List<Param> params = GradientSums.trainable(net);
        try (NDManager tmp = out.newSubManager()) {
            var sums = GradientSums.sum(net, Loader.plain(data, batchSize),
                    b -> Losses.perSampleCrossEntropy(net.forward(b.x(), false), b.y()).sum(), tmp);
            return GradientSums.flatten(params, sums, out);
        }
    }

    private static void feedPerSampleGradients(Network net, TensorDataset retain, WoodFisher wf) {
        List<Param> params = GradientSums.trainable(net);
        Loader single = Loader.plain(retain, 1);
        Gradients.zero(params);
        try (NDManager scope = net.manager().newSubManager()) {
            for (Batch b : single.epoch(scope, 0)) {
                if (!wf.wantsMore()) {
                    break;
                }
                try (NDManager step = scope.newSubManager()) {
                    Batches.attach(b, step);
                    GradientSums.backward(x -> Losses.crossEntropy(net.forward(x.x(), false), x.y()), b);
                    wf.accept(GradientSums.flatGradient(params, step));
                    Gradients.zero(params);
                }
            }
        }
    }
}
