package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * torch.nn.Conv2d with a square kernel; weight shape (out, in / groups, k, k). {@code groups == in == out} is a
 * depthwise convolution (TinyViT's MBConv, PatchMerging and local convs).
 */
public final class Conv2d implements Layer {

    private final String prefix;
    private final Param weight;
    private final Param bias;
    private final Shape stride;
    private final Shape padding;
    private final Shape dilation = new Shape(1, 1);
    private final int groups;

    /** An ungrouped convolution, initialised as torchvision's ResNet does (Kaiming-normal, fan_out). */
    public Conv2d(NDManager m, String prefix, int in, int out, int kernel, int stride, int padding, boolean bias) {
        this(m, prefix, in, out, kernel, stride, padding, 1, bias);
    }

    /** A grouped convolution; {@code in} and {@code out} must both be multiples of {@code groups}. */
    public Conv2d(NDManager m, String prefix, int in, int out, int kernel, int stride, int padding, int groups,
                  boolean bias) {
        if (groups < 1 || in % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(prefix + ": channels " + in + " -> " + out
                    + " are not divisible by groups " + groups);
        }
        this.prefix = prefix;
        this.groups = groups;
        Shape ws = new Shape(out, in / groups, kernel, kernel);
        this.weight = new Param(prefix + ".weight", Init.kaimingNormalFanOut(m, ws), false);
        this.bias = bias ? new Param(prefix + ".bias", Init.torchDefault(m, ws, new Shape(out)), false) : null;
        this.stride = new Shape(stride, stride);
        this.padding = new Shape(padding, padding);
    }

    @Override
    public String prefix() {
        return prefix;
    }

    public Param weight() {
        return weight;
    }

    public int groups() {
        return groups;
    }

    /** May be null (convs followed by batch norm have no bias). */
    public Param bias() {
        return bias;
    }

    @Override
    public NDArray forward(NDArray x, boolean train) {
        return ai.djl.nn.convolutional.Conv2d.conv2d(x, weight.value(), bias == null ? null : bias.value(),
                stride, padding, dilation, groups).singletonOrThrow();
    }

    @Override
    public List<Param> params() {
        List<Param> p = new ArrayList<>();
        p.add(weight);
        if (bias != null) {
            p.add(bias);
        }
        return p;
    }

    @Override
    public void resetParameters() {
        NDManager m = weight.value().getManager();
        weight.set(Init.torchDefault(m, weight.shape(), weight.shape()));
        if (bias != null) {
            bias.set(Init.torchDefault(m, weight.shape(), bias.shape()));
        }
    }
}
