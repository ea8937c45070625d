package io.deepunlearn.core.method;

import io.deepunlearn.core.model.Conv2d;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;

/**
 * CT, Convolution Transpose (Kaggle 5th place, docs/reference.md#ct, {@code kgltop5.py}): every Conv2d weight
 * W[out, in, kh, kw] becomes W[out, in, kw, kh] (each spatial kernel transposed; 1x1 kernels, Linear and BN
 * untouched), then fine-tuning on D_r with CE, SGD and CosineAnnealingLR(T_max = E) per epoch, train mode. D_f
 * is never used. Works on every architecture (all Conv2d layers, whatever their names; on TinyViT the 3x3
 * patch-embed, depthwise MBConv, PatchMerging and {@code local_conv} kernels, its 1x1 convs being unchanged). The transposed weight
 * is stored contiguously (the reference keeps a strided view; the values are the same).
 */
public final class ConvolutionTranspose implements UnlearningMethod {

    @Override
    public String name() {
        return "CT";
    }

    @Override
    public String referenceKey() {
        return "kgltop5";
    }

    @Override
    public HyperParameters defaults() {
        return HyperParameters.builder(name()).sgd(1e-3, 0.9, 5e-4, 64, 3).build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        return SearchSpace.generic(maxEpochs);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        Network net = ctx.model();
        int epochs = HpChecks.atLeast(hp, "num_epochs", 0);
        transposeConvKernels(net);
        RetainTraining.train(net, RetainTraining.retainLoader(ctx, hp), RetainTraining.genericSgd(net, hp), epochs,
                RetainTraining.cosine(hp.getDouble("optimizer.learning_rate"), epochs),
                RetainTraining.crossEntropy(net), RetainTraining.NOTHING_AFTER_EPOCH);
        return net;
    }

    /** Swaps the last two axes of every Conv2d weight. */
    static void transposeConvKernels(Network net) {
        for (Conv2d conv : net.layersOfType(Conv2d.class)) {
            Param w = conv.weight();
            float[] transposed;
            try (var t = w.value().transpose(0, 1, 3, 2)) {
                transposed = t.toFloatArray();
            }
            NetworkParts.replace(w, w.value().getManager().create(transposed, w.shape()));
        }
    }
}
