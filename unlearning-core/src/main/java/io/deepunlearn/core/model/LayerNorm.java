package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/** torch.nn.LayerNorm over the last dimension (eps 1e-5, elementwise affine, weight 1 / bias 0). */
public final class LayerNorm implements Layer {

    private static final float EPS = 1e-5f;

    private final String prefix;
    private final Param weight;
    private final Param bias;

    public LayerNorm(NDManager m, String prefix, int features) {
        this.prefix = prefix;
        this.weight = new Param(prefix + ".weight", m.ones(new Shape(features)), false);
        this.bias = new Param(prefix + ".bias", m.zeros(new Shape(features)), false);
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
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, weight.shape(), weight.value(), bias.value(), EPS)
                .singletonOrThrow();
    }

    @Override
    public List<Param> params() {
        return List.of(weight, bias);
    }

    @Override
    public void resetParameters() {
        NDManager m = weight.value().getManager();
        weight.set(m.ones(weight.shape()));
        bias.set(m.zeros(bias.shape()));
    }
}
