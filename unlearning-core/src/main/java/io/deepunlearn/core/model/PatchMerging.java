package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;

/**
 * TinyViT's {@code PatchMerging} between stages: 1×1 conv to the next width, GELU, 3×3 depthwise stride-2 conv
 * (halves the resolution, rounding up), GELU, 1×1 conv; each conv with its BN.
 */
final class PatchMerging {

    private final ConvBn conv1;
    private final ConvBn conv2;
    private final ConvBn conv3;

    PatchMerging(LayerSink sink, NDManager m, String prefix, int dim, int outDim) {
        conv1 = new ConvBn(sink, m, prefix + ".conv1", dim, outDim, 1, 1, 1);
        conv2 = new ConvBn(sink, m, prefix + ".conv2", outDim, outDim, 3, 2, outDim);
        conv3 = new ConvBn(sink, m, prefix + ".conv3", outDim, outDim, 1, 1, 1);
    }

    /** (B, C, H, W) to (B, outDim, ceil(H/2), ceil(W/2)). */
    NDArray forward(NDArray x, boolean train) {
        NDArray h = Activation.gelu(conv1.forward(x, train));
        h = Activation.gelu(conv2.forward(h, train));
        return conv3.forward(h, train);
    }
}
