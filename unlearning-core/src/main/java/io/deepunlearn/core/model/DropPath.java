package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Stochastic depth as timm 0.4.12's {@code drop_path}: in train mode each sample's residual branch is zeroed
 * with probability p and the kept ones are scaled by 1/(1-p); in eval mode (or p = 0) it is the identity. The
 * per-sample draws come from the engine's seeded generator.
 */
final class DropPath {

    private final double probability;

    DropPath(double probability) {
        if (!(probability >= 0 && probability < 1)) {
            throw new IllegalArgumentException("drop-path probability must be in [0, 1), got " + probability);
        }
        this.probability = probability;
    }

    double probability() {
        return probability;
    }

    NDArray apply(NDArray x, boolean train) {
        if (!train || probability == 0) {
            return x;
        }
        double keep = 1 - probability;
        long[] maskShape = new long[x.getShape().dimension()];
        java.util.Arrays.fill(maskShape, 1);
        maskShape[0] = x.getShape().get(0);
        // floor(keep + U[0,1)) is 1 with probability keep, else 0; the 1/keep rescale is folded into the mask so
        // the graph holds no Number operand (see Scalars)
        NDArray mask = x.getManager().randomUniform(0f, 1f, new Shape(maskShape), DataType.FLOAT32).addi(keep).floor()
                .divi(keep);
        return x.mul(mask);
    }
}
