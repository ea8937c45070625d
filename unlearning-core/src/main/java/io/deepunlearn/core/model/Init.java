package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** torch.nn.init equivalents, drawing from the engine's seeded generator. */
public final class Init {

    private Init() {
    }

    /** fan_in = shape[1] * receptive field; fan_out = shape[0] * receptive field. */
    public static long fanIn(Shape shape) {
        return shape.dimension() < 2 ? shape.get(0) : shape.get(1) * receptive(shape);
    }

    public static long fanOut(Shape shape) {
        return shape.get(0) * receptive(shape);
    }

    private static long receptive(Shape shape) {
        long r = 1;
        for (int i = 2; i < shape.dimension(); i++) {
            r *= shape.get(i);
        }
        return r;
    }

    public static NDArray uniform(NDManager m, Shape shape, double bound) {
        return m.randomUniform((float) -bound, (float) bound, shape, DataType.FLOAT32);
    }

    public static NDArray normal(NDManager m, Shape shape, double std) {
        return m.randomNormal(0f, (float) std, shape, DataType.FLOAT32);
    }

    /** kaiming_normal_(mode='fan_out', nonlinearity='relu'): torchvision's ResNet conv init. */
    public static NDArray kaimingNormalFanOut(NDManager m, Shape shape) {
        return normal(m, shape, Math.sqrt(2.0 / fanOut(shape)));
    }

    /** kaiming_uniform_(mode='fan_out', nonlinearity='relu'): EU-k's conv re-initialisation. */
    public static NDArray kaimingUniformFanOut(NDManager m, Shape shape) {
        return uniform(m, shape, Math.sqrt(6.0 / fanOut(shape)));
    }

    /** xavier_uniform_: EU-k's Linear re-initialisation. */
    public static NDArray xavierUniform(NDManager m, Shape shape) {
        return uniform(m, shape, Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape))));
    }

    /**
     * timm's {@code trunc_normal_(std=std)} (cut-offs at the absolute values -2 and 2, as timm's defaults): uniform
     * draws mapped through the inverse normal CDF, then clamped. TinyViT's Linear weight init (std 0.02).
     */
    public static NDArray truncNormal(NDManager m, Shape shape, double std) {
        if (!(std > 0)) {
            throw new IllegalArgumentException("std must be > 0, got " + std);
        }
        double lower = normalCdf(-2 / std);
        double upper = normalCdf(2 / std);
        try (NDManager scratch = m.newSubManager()) {
            NDArray u = scratch.randomUniform((float) (2 * lower - 1), (float) (2 * upper - 1), shape, DataType.FLOAT32);
            NDArray out = u.erfinv().muli(std * Math.sqrt(2)).clip(-2, 2);
            out.attach(m);
            return out;
        }
    }

    private static double normalCdf(double x) {
        return 0.5 * (1 + org.apache.commons.math3.special.Erf.erf(x / Math.sqrt(2)));
    }

    /** PyTorch's default Conv/Linear init: kaiming_uniform_(a=sqrt(5)), i.e. U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    public static NDArray torchDefault(NDManager m, Shape weightShape, Shape shape) {
        return uniform(m, shape, 1.0 / Math.sqrt(fanIn(weightShape)));
    }
}
