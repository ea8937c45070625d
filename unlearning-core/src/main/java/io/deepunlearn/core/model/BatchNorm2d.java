package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * torch.nn.BatchNorm2d (eps 1e-5, momentum 0.1). In train mode it normalises with batch statistics and updates
 * the running buffers in place; in eval mode it uses the running buffers and leaves them untouched.
 */
public final class BatchNorm2d implements Layer {

    /** DJL's momentum is the weight of the old running value: 1 - PyTorch's 0.1. */
    private static final float DJL_MOMENTUM = 0.9f;
    private static final float EPS = 1e-5f;

    private final String prefix;
    private final Param weight;
    private final Param bias;
    private final Param runningMean;
    private final Param runningVar;

    public BatchNorm2d(NDManager m, String prefix, int channels) {
        this.prefix = prefix;
        Shape s = new Shape(channels);
        this.weight = new Param(prefix + ".weight", m.ones(s), false);
        this.bias = new Param(prefix + ".bias", m.zeros(s), false);
        this.runningMean = new Param(prefix + ".running_mean", m.zeros(s), true);
        this.runningVar = new Param(prefix + ".running_var", m.ones(s), true);
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

    public Param runningMean() {
        return runningMean;
    }

    public Param runningVar() {
        return runningVar;
    }

    @Override
    public NDArray forward(NDArray x, boolean train) {
        return ai.djl.nn.norm.BatchNorm.batchNorm(x, runningMean.value(), runningVar.value(), weight.value(),
                bias.value(), 1, DJL_MOMENTUM, EPS, train).singletonOrThrow();
    }

    /** Parameters and buffers (buffers are flagged {@link Param#isBuffer()}). */
    @Override
    public List<Param> params() {
        return List.of(weight, bias, runningMean, runningVar);
    }

    /** Affine parameters to 1/0; running statistics are kept (as EU-k's reference does). */
    @Override
    public void resetParameters() {
        NDManager m = weight.value().getManager();
        weight.set(m.ones(weight.shape()));
        bias.set(m.zeros(bias.shape()));
    }

    public void resetRunningStats() {
        NDManager m = weight.value().getManager();
        runningMean.set(m.zeros(runningMean.shape()));
        runningVar.set(m.ones(runningVar.shape()));
    }
}
