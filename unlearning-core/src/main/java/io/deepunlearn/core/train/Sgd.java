package io.deepunlearn.core.train;

import ai.djl.ndarray.NDArray;
import io.deepunlearn.core.model.Param;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * torch.optim.SGD, written out so per-element gradient masks are possible: d = g*s + wd*w;
 * buf = d on the first step, else mu*buf + d; w -= lr*buf (no dampening, no Nesterov).
 * An optional per-parameter gradient scale {@code s} (MSG's 1.0/0.1 mask, SalUn's 0/1 mask) multiplies the raw
 * gradient only; weight decay and momentum act on the raw parameter, as in the reference code.
 */
public final class Sgd implements Optimizer {

    private final List<Param> params;
    private final double momentum;
    private final double weightDecay;
    private final Map<String, NDArray> buffers = new HashMap<>();
    private final Map<String, NDArray> gradientScales = new HashMap<>();
    private double lr;

    public Sgd(List<Param> params, double lr, double momentum, double weightDecay) {
        if (lr < 0 || momentum < 0 || weightDecay < 0) {
            throw new IllegalArgumentException("SGD needs lr, momentum and weight decay >= 0");
        }
        this.params = List.copyOf(params);
        this.lr = lr;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    /** Multiplies the gradient of {@code paramName} element-wise by {@code scale} before every update. */
    public Sgd scaleGradient(String paramName, NDArray scale) {
        gradientScales.put(paramName, scale);
        return this;
    }

    @Override
    public void step() {
        Gradients.forEach(params, (p, g) -> {
            NDArray w = p.value();
            NDArray scale = gradientScales.get(p.name());
            if (scale != null) {
                g.muli(scale);
            }
            if (weightDecay != 0) {
                try (NDArray decay = w.mul(weightDecay)) {
                    g.addi(decay);
                }
            }
            NDArray update = g;
            if (momentum != 0) {
                NDArray buf = buffers.get(p.name());
                if (buf == null) {
                    buf = g.duplicate();
                    buffers.put(p.name(), buf);
                } else {
                    buf.muli(momentum).addi(g);
                }
                update = buf;
            }
            try (NDArray delta = update.mul(lr)) {
                w.subi(delta);
            }
            g.subi(g);
        });
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        this.lr = lr;
    }
}
