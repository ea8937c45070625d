package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * TinyViT's {@code Conv2d_BN}: a bias-free convolution {@code <prefix>.c} followed by {@code <prefix>.bn}. The
 * convolution has PyTorch's default init (TinyViT does not re-initialise convs); the BN weight starts at
 * {@code bnWeightInit} (0 zeroes a residual branch at init), its bias at 0.
 */
final class ConvBn {

    private final Conv2d conv;
    private final BatchNorm2d bn;

    ConvBn(LayerSink sink, NDManager m, String prefix, int in, int out, int kernel, int stride, int groups,
           float bnWeightInit) {
        conv = sink.add(new Conv2d(m, prefix + ".c", in, out, kernel, stride, kernel / 2, groups, false));
        conv.resetParameters();
        bn = sink.add(new BatchNorm2d(m, prefix + ".bn", out));
        if (bnWeightInit != 1f) {
            bn.weight().set(m.full(bn.weight().shape(), bnWeightInit));
        }
    }

    ConvBn(LayerSink sink, NDManager m, String prefix, int in, int out, int kernel, int stride, int groups) {
        this(sink, m, prefix, in, out, kernel, stride, groups, 1f);
    }

    NDArray forward(NDArray x, boolean train) {
        return bn.forward(conv.forward(x, train), train);
    }
}
