package io.deepunlearn.core.engine;

import ai.djl.ndarray.NDArray;

/**
 * Scalar operands that are safe inside a gradient graph.
 *
 * <p>DJL 0.36's PyTorch {@code NDArray.mul(Number)} / {@code div(Number)} (and the other Number overloads) wrap
 * the number in a tensor over a Java direct buffer ({@code from_blob}) and close it right after the op. Autograd
 * keeps that tensor for the backward pass of mul/div, but once it is closed nothing keeps the buffer reachable:
 * after a GC the backward reads freed memory and gradients become garbage or NaN (reproduced in ScalarsTest).
 * A scalar made here stays attached to the operand's manager, so it lives as long as the step's tensors.
 */
public final class Scalars {

    private Scalars() {
    }

    /** A 0-d tensor holding {@code value}, with {@code like}'s data type, owned by {@code like}'s manager. */
    public static NDArray like(NDArray like, double value) {
        return like.getManager().create((float) value).toType(like.getDataType(), false);
    }

    /** {@code x * value}, safe inside a gradient graph. */
    public static NDArray mul(NDArray x, double value) {
        return x.mul(like(x, value));
    }

    /** {@code x / value}, safe inside a gradient graph. */
    public static NDArray div(NDArray x, double value) {
        return x.div(like(x, value));
    }
}
