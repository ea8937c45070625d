package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * A named tensor of a network: a trainable parameter ({@code conv1.weight}) or a buffer
 * ({@code bn1.running_mean}). The value can be replaced (re-initialisation) or updated in place (SGD).
 */
public final class Param {

    private final String name;
    private final boolean buffer;
    private NDArray value;
    private boolean trainable;

    Param(String name, NDArray value, boolean buffer) {
        this.name = name;
        this.buffer = buffer;
        this.value = value;
        this.trainable = !buffer;
        if (!buffer) {
            value.setRequiresGradient(true);
        }
    }

    public String name() {
        return name;
    }

    public NDArray value() {
        return value;
    }

    public Shape shape() {
        return value.getShape();
    }

    public boolean isBuffer() {
        return buffer;
    }

    public boolean trainable() {
        return trainable;
    }

    /** Freezes or unfreezes the parameter (frozen parameters get no gradient and are skipped by optimisers). */
    public void setTrainable(boolean trainable) {
        if (buffer) {
            throw new IllegalStateException(name + " is a buffer, not a parameter");
        }
        this.trainable = trainable;
        value.setRequiresGradient(trainable);
    }

    /** Replaces the value by a copy of {@code fresh} (same shape), keeping the parameter's manager and flags. */
    public void set(NDArray fresh) {
        if (!fresh.getShape().equals(value.getShape())) {
            throw new IllegalArgumentException(name + ": shape " + fresh.getShape() + " does not match " + value.getShape());
        }
        // toType(sameType, copy=true) aliases the storage in DJL's PyTorch engine; duplicate() really copies
        NDArray copy = fresh.getDataType() == value.getDataType() ? fresh.duplicate()
                : fresh.toType(value.getDataType(), true);
        copy.attach(value.getManager());
        NDArray old = value;
        value = copy;
        if (!buffer) {
            value.setRequiresGradient(trainable);
        }
        old.close();
    }

    /** The gradient, or null when this parameter has none (frozen, or not reached by backward). */
    public NDArray gradient() {
        if (buffer || !trainable) {
            return null;
        }
        return value.getGradient();
    }

    public long numel() {
        return value.size();
    }
}
