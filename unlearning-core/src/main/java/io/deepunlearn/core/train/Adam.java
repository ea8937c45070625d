package io.deepunlearn.core.train;

import ai.djl.ndarray.NDArray;
import io.deepunlearn.core.model.Param;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** torch.optim.Adam (betas 0.9/0.999, eps 1e-8, coupled L2 weight decay, no amsgrad); Bad Teacher uses it. */
public final class Adam implements Optimizer {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final List<Param> params;
    private final double weightDecay;
    private final Map<String, NDArray[]> state = new HashMap<>();
    private double lr;
    private int t;

    public Adam(List<Param> params, double lr, double weightDecay) {
        this.params = List.copyOf(params);
        this.lr = lr;
        this.weightDecay = weightDecay;
    }

    @Override
    public void step() {
        t++;
        double bc1 = 1 - Math.pow(BETA1, t);
        double bc2 = 1 - Math.pow(BETA2, t);
        Gradients.forEach(params, (p, g) -> {
            NDArray w = p.value();
            if (weightDecay != 0) {
                try (NDArray decay = w.mul(weightDecay)) {
                    g.addi(decay);
                }
            }
            NDArray[] mv = state.computeIfAbsent(p.name(), k -> new NDArray[] {w.zerosLike(), w.zerosLike()});
            try (NDArray g1 = g.mul(1 - BETA1); NDArray g2 = g.square()) {
                mv[0].muli(BETA1).addi(g1);
                mv[1].muli(BETA2).addi(g2.muli(1 - BETA2));
            }
            try (NDArray denom = mv[1].div(bc2); NDArray step = mv[0].mul(lr / bc1)) {
                denom.powi(0.5).addi(EPS);
                w.subi(step.divi(denom));
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
