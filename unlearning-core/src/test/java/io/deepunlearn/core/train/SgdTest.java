package io.deepunlearn.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.model.Linear;
import io.deepunlearn.core.model.Param;
import java.util.List;
import org.junit.jupiter.api.Test;

class SgdTest {

    /**
     * Loss = sum(w * x) with x = [1, 2]: gradient g = x. With lr 0.1, momentum 0.9, wd 0.5 and w0 = [1, -1]:
     * step 1: d = g + 0.5 w = [1.5, 1.5]; buf = d; w1 = w0 - 0.1 d = [0.85, -1.15].
     * step 2: d = [1, 2] + 0.5 [0.85, -1.15] = [1.425, 1.425]; buf = 0.9*[1.5,1.5] + d = [2.775, 2.775];
     *         w2 = w1 - 0.1 buf = [0.5725, -1.4275]   (torch.optim.SGD gives the same numbers).
     */
    @Test
    void matchesPytorchSgdOnAHandComputedExample() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Linear lin = new Linear(m, "l", 2, 1);
            Param w = lin.weight();
            w.set(m.create(new float[] {1, -1}, new Shape(1, 2)));
            lin.bias().setTrainable(false);
            Sgd sgd = new Sgd(List.of(w), 0.1, 0.9, 0.5);
            NDArray x = m.create(new float[] {1, 2}, new Shape(1, 2));
            for (int i = 0; i < 2; i++) {
                try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                    gc.backward(w.value().mul(x).sum());
                }
                sgd.step();
            }
            float[] v = w.value().toFloatArray();
            assertThat(v[0]).isCloseTo(0.5725f, offset(1e-6f));
            assertThat(v[1]).isCloseTo(-1.4275f, offset(1e-6f));
        }
    }

    /**
     * The fused update keeps lr*buf as its state; a schedule (including an lr = 0 step, where PyTorch still
     * advances buf) must still give torch.optim.SGD's trajectory, here recomputed in doubles.
     */
    @Test
    void followsPytorchSgdThroughALearningRateSchedule() {
        double[] lrs = {0.1, 0.05, 0.0, 0.2, 0.2, 0.01};
        double mu = 0.9;
        double wd = 0.05;
        double[] x = {1, -2};
        double[] wRef = {0.5, 0.25};
        double[] buf = null;
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Linear lin = new Linear(m, "l", 2, 1);
            Param w = lin.weight();
            w.set(m.create(new float[] {0.5f, 0.25f}, new Shape(1, 2)));
            lin.bias().setTrainable(false);
            Sgd sgd = new Sgd(List.of(w), lrs[0], mu, wd);
            NDArray xs = m.create(new float[] {1, -2}, new Shape(1, 2));
            for (double lr : lrs) {
                sgd.setLearningRate(lr);
                try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                    gc.backward(w.value().mul(xs).sum());
                }
                sgd.step();
                double[] d = {x[0] + wd * wRef[0], x[1] + wd * wRef[1]};
                buf = buf == null ? d : new double[] {mu * buf[0] + d[0], mu * buf[1] + d[1]};
                wRef = new double[] {wRef[0] - lr * buf[0], wRef[1] - lr * buf[1]};
                float[] v = w.value().toFloatArray();
                assertThat(v[0]).as("w[0] after lr %s", lr).isCloseTo((float) wRef[0], offset(1e-5f));
                assertThat(v[1]).as("w[1] after lr %s", lr).isCloseTo((float) wRef[1], offset(1e-5f));
            }
        }
    }

    @Test
    void gradientScaleMasksTheRawGradientButNotWeightDecay() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Linear lin = new Linear(m, "l", 2, 1);
            Param w = lin.weight();
            w.set(m.create(new float[] {1, 1}, new Shape(1, 2)));
            lin.bias().setTrainable(false);
            Sgd sgd = new Sgd(List.of(w), 1.0, 0, 0.5).scaleGradient("l.weight", m.create(new float[] {0, 1}, new Shape(1, 2)));
            try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                gc.backward(w.value().mul(m.create(new float[] {4, 4}, new Shape(1, 2))).sum());
            }
            sgd.step();
            // element 0: masked gradient 0, decay 0.5 -> 1 - 0.5 = 0.5; element 1: 1 - (4 + 0.5) = -3.5
            assertThat(w.value().toFloatArray()).containsExactly(0.5f, -3.5f);
        }
    }

    @Test
    void schedulesMatchTheReferenceFormulas() {
        assertThat(LrSchedules.cosine(0.1, 0, 10, 0)).isEqualTo(0.1);
        assertThat(LrSchedules.cosine(0.1, 5, 10, 0)).isCloseTo(0.05, offset(1e-12));
        assertThat(LrSchedules.multiStep(1.0, 3, new int[] {2, 4, 4}, 0.1)).isCloseTo(0.1, offset(1e-12));
        // MSG, E = 5: A = 3, T = 6 -> 1/3, 2/3, 1, 2/3, 1/3
        assertThat(LrSchedules.triangular(1, 0, 5)).isCloseTo(1.0 / 3, offset(1e-12));
        assertThat(LrSchedules.triangular(1, 2, 5)).isEqualTo(1.0);
        assertThat(LrSchedules.triangular(1, 4, 5)).isCloseTo(1.0 / 3, offset(1e-12));
    }
}
