package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;

/**
 * TinyViT's stage-0 {@code MBConv} (inverted residual): 1×1 expand, GELU, 3×3 depthwise, GELU, 1×1 project
 * whose BN weight starts at 0 (the reference's {@code bn_weight_init=0.0}, so the block starts as GELU(x)),
 * drop-path, residual add, GELU.
 */
final class MbConv {

    private final ConvBn conv1;
    private final ConvBn conv2;
    private final ConvBn conv3;
    private final DropPath dropPath;

    MbConv(LayerSink sink, NDManager m, String prefix, int dim, double expandRatio, double dropPath) {
        int hidden = (int) (dim * expandRatio);
        conv1 = new ConvBn(sink, m, prefix + ".conv1", dim, hidden, 1, 1, 1);
        conv2 = new ConvBn(sink, m, prefix + ".conv2", hidden, hidden, 3, 1, hidden);
        conv3 = new ConvBn(sink, m, prefix + ".conv3", hidden, dim, 1, 1, 1, 0f);
        this.dropPath = new DropPath(dropPath);
    }

    DropPath dropPath() {
        return dropPath;
    }

    /** (B, C, H, W) to the same shape. */
    NDArray forward(NDArray x, boolean train) {
        NDArray h = Activation.gelu(conv1.forward(x, train));
        h = Activation.gelu(conv2.forward(h, train));
        h = conv3.forward(h, train);
        return Activation.gelu(dropPath.apply(h, train).add(x));
    }
}
