package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import java.util.List;

/**
 * {@code torchvision.models.resnet18(num_classes=C)} exactly: 7x7/2 stem conv (no bias), BN, ReLU, 3x3/2
 * max-pool (padding 1), four stages of two BasicBlocks (64, 128, 256, 512; 1x1/2 conv + BN downsampling at
 * stages 2-4), global average pool, fc. Parameter names and initialisation follow torchvision.
 */
public final class ResNet18 extends Network {

    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final BasicBlock[] blocks = new BasicBlock[8];
    private final Linear fc;

    public ResNet18(ModelSpec spec, NDManager m) {
        super(spec, m);
        conv1 = add(new Conv2d(m, "conv1", spec.channels(), 64, 7, 2, 3, false));
        bn1 = add(new BatchNorm2d(m, "bn1", 64));
        int in = 64;
        int[] widths = {64, 128, 256, 512};
        for (int stage = 0; stage < 4; stage++) {
            for (int b = 0; b < 2; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                blocks[stage * 2 + b] = new BasicBlock(m, "layer" + (stage + 1) + "." + b, in, widths[stage], stride);
                in = widths[stage];
            }
        }
        fc = add(new Linear(m, "fc", 512, spec.numClasses()));
    }

    @Override
    public NDArray forward(NDArray x, boolean train) {
        NDArray h = Activation.relu(bn1.forward(conv1.forward(x, train), train));
        h = Pool.maxPool2d(h, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
        for (BasicBlock b : blocks) {
            h = b.forward(h, train);
        }
        return fc.forward(Pool.globalAvgPool2d(h), train);
    }

    @Override
    public List<String> blocks() {
        return List.of("layer1", "layer2", "layer3", "layer4");
    }

    @Override
    public String classifier() {
        return "fc";
    }

    private final class BasicBlock {
        private final Conv2d conv1;
        private final BatchNorm2d bn1;
        private final Conv2d conv2;
        private final BatchNorm2d bn2;
        private final Conv2d downConv;
        private final BatchNorm2d downBn;

        BasicBlock(NDManager m, String prefix, int in, int out, int stride) {
            conv1 = add(new Conv2d(m, prefix + ".conv1", in, out, 3, stride, 1, false));
            bn1 = add(new BatchNorm2d(m, prefix + ".bn1", out));
            conv2 = add(new Conv2d(m, prefix + ".conv2", out, out, 3, 1, 1, false));
            bn2 = add(new BatchNorm2d(m, prefix + ".bn2", out));
            if (stride != 1 || in != out) {
                downConv = add(new Conv2d(m, prefix + ".downsample.0", in, out, 1, stride, 0, false));
                downBn = add(new BatchNorm2d(m, prefix + ".downsample.1", out));
            } else {
                downConv = null;
                downBn = null;
            }
        }

        NDArray forward(NDArray x, boolean train) {
            NDArray h = Activation.relu(bn1.forward(conv1.forward(x, train), train));
            h = bn2.forward(conv2.forward(h, train), train);
            NDArray identity = downConv == null ? x : downBn.forward(downConv.forward(x, train), train);
            return Activation.relu(h.add(identity));
        }
    }
}
