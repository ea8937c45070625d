package io.deepunlearn.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.deepunlearn.core.model.Param;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * torch.optim.SGD, written out so per-element gradient masks are possible: d = g*s + wd*w;
 * buf = d on the first step, else mu*buf + d; w -= lr*buf (no dampening, no Nesterov).
 * An optional per-parameter gradient scale {@code s} (MSG's 1.0/0.1 mask, SalUn's 0/1 mask) multiplies the raw
 * gradient only; weight decay and momentum act on the raw parameter, as in the reference code.
 *
 * <p>Speed: the update runs as one fused native call per parameter (DJL's {@code sgdUpdate}, which also zeroes
 * the gradient) instead of seven tensor operations with two temporaries. That kernel keeps the momentum state
 * pre-multiplied by the learning rate (MXNet's convention, s = lr*buf), so when the learning rate changes the
 * state is rescaled by lr_new/lr_old first; the result equals PyTorch's up to float rounding. A step with
 * lr = 0 (w unchanged, buf still advances) takes a plain tensor-op path with the state in buf units.
 */
public final class Sgd implements Optimizer {

    private final List<Param> params;
    private final double momentum;
    private final double weightDecay;
    private final Map<String, NDArray> states = new HashMap<>();
    private final Map<String, NDArray> gradientScales = new HashMap<>();
    private double lr;
    /** The factor c with state = c * buf for every momentum state (the learning rate of the last step, or 1). */
    private double stateScale = 1;

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
        if (momentum != 0) {
            rescaleStates(lr == 0 ? 1 : lr);
        }
        Gradients.forEach(params, (p, g) -> {
            NDArray w = p.value();
            NDArray scale = gradientScales.get(p.name());
            if (scale != null) {
                g.muli(scale);
            }
            NDArray state = momentum == 0 ? null : states.computeIfAbsent(p.name(), k -> w.zerosLike());
            if (lr == 0) {
                advanceMomentumOnly(w, g, state);
                Gradients.zero(p);
            } else {
                NDList inputs = state == null ? new NDList(w, g) : new NDList(w, g, state);
                // rescale_grad 1, clip_grad -1 (off); the native call zeroes w's gradient afterwards
                w.getNDArrayInternal().sgdUpdate(inputs, new NDList(w), (float) lr, (float) weightDecay, 1f, -1f,
                        (float) momentum, false);
            }
        });
    }

    /** Brings every momentum state to {@code scale * buf} (a no-op unless the learning rate changed). */
    private void rescaleStates(double scale) {
        if (scale != stateScale) {
            for (NDArray s : states.values()) {
                s.muli(scale / stateScale);
            }
            stateScale = scale;
        }
    }

    /** lr = 0: the weights stay, but PyTorch still advances buf = mu*buf + (g + wd*w). State is in buf units. */
    private void advanceMomentumOnly(NDArray w, NDArray g, NDArray state) {
        if (state != null) {
            if (weightDecay != 0) {
                try (NDArray decay = w.mul(weightDecay)) {
                    g.addi(decay);
                }
            }
            state.muli(momentum).addi(g);
        }
    }

    @Override
    public double learningRate() {
        return lr;
    }

    @Override
    public void setLearningRate(double lr) {
        if (lr < 0) {
            throw new IllegalArgumentException("learning rate must be >= 0, got " + lr);
        }
        this.lr = lr;
    }
}
