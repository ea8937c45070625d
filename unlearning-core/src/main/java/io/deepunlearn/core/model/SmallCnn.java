package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * The CPU default: three conv blocks (conv 3x3 - BN - ReLU - max-pool 2) of 32, 64 and 128 channels, global
 * average pooling and a linear classifier. Blocks are {@code block1..block3} (each {@code .conv}, {@code .bn}),
 * the classifier {@code fc}; the naming lets every ResNet-oriented method address it the same way.
 */
public final class SmallCnn extends Network {

    static final int[] WIDTHS = {32, 64, 128};
    private final Conv2d[] convs = new Conv2d[3];
    private final BatchNorm2d[] bns = new BatchNorm2d[3];
    private final Linear fc;
    private final Shape pool = new Shape(2, 2);
    private final Shape noPad = new Shape(0, 0);

    public SmallCnn(ModelSpec spec, NDManager m) {
        super(spec, m);
        int in = spec.channels();
        for (int i = 0; i < 3; i++) {
            convs[i] = add(new Conv2d(m, "block" + (i + 1) + ".conv", in, WIDTHS[i], 3, 1, 1, false));
            bns[i] = add(new BatchNorm2d(m, "block" + (i + 1) + ".bn", WIDTHS[i]));
            in = WIDTHS[i];
        }
        fc = add(new Linear(m, "fc", in, spec.numClasses()));
    }

    @Override
    public NDArray forward(NDArray x, boolean train) {
        NDArray h = x;
        for (int i = 0; i < 3; i++) {
            h = Activation.relu(bns[i].forward(convs[i].forward(h, train), train));
            h = Pool.maxPool2d(h, pool, pool, noPad, false);
        }
        h = Pool.globalAvgPool2d(h);
        return fc.forward(h, train);
    }

    @Override
    public List<String> blocks() {
        return List.of("block1", "block2", "block3");
    }

    @Override
    public String classifier() {
        return "fc";
    }
}
