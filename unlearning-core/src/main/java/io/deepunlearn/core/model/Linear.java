package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** torch.nn.Linear with PyTorch's default initialisation; weight shape (out, in). */
public final class Linear implements Layer {

    private final String prefix;
    private final Param weight;
    private final Param bias;

    public Linear(NDManager m, String prefix, int in, int out) {
        this.prefix = prefix;
        Shape ws = new Shape(out, in);
        this.weight = new Param(prefix + ".weight", Init.torchDefault(m, ws, ws), false);
        this.bias = new Param(prefix + ".bias", Init.torchDefault(m, ws, new Shape(out)), false);
    }

    @Override
    public String prefix() {
        return prefix;
    }

    public Param weight() {
        return weight;
    }

    public Param bias() {
        return bias;
    }

    @Override
    public NDArray forward(NDArray x, boolean train) {
        return ai.djl.nn.core.Linear.linear(x, weight.value(), bias.value()).singletonOrThrow();
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }

    @Override
    public void resetParameters() {
        NDManager m = weight.value().getManager();
        weight.set(Init.torchDefault(m, weight.shape(), weight.shape()));
        bias.set(Init.torchDefault(m, weight.shape(), bias.shape()));
    }
}
