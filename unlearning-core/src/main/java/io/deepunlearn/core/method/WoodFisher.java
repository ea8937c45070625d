package io.deepunlearn.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The reference's WoodFisher inverse-Hessian-vector recursion (Unlearn-Sparse {@code Wfisher.py::woodfisher},
 * docs/reference.md#iu step 4), fed one per-sample gradient at a time: k = v; the first gradient becomes o; for every later
 * gradient g, with t = o.g: k <- k - (k.g / (N + t)) o, then o <- o - (t / (N + t)) o. Like the reference loop
 * (which returns once its sample index exceeds N) it takes N + 2 gradients at most.
 * Dot products are float32 as in the reference; the scalar coefficients are formed in double.
 */
final class WoodFisher implements AutoCloseable {

    private final NDManager manager;
    private final int n;
    private final NDArray k;
    private NDArray o;
    private int seen;

    /** Copies {@code v} into a private manager under {@code parent}. */
    WoodFisher(NDArray v, int n, NDManager parent) {
        if (n < 1) {
            throw new IllegalArgumentException("WoodFisher needs N >= 1, got " + n);
        }
        this.manager = parent.newSubManager();
        this.n = n;
        this.k = v.duplicate();
        this.k.attach(manager);
    }

    /** True while the recursion still takes gradients (at most N + 2). */
    boolean wantsMore() {
        return seen <= n + 1;
    }

    int seen() {
        return seen;
    }

    /** Feeds one flat gradient; the caller keeps ownership of {@code g}. */
    void accept(NDArray g) {
        if (!wantsMore()) {
            throw new IllegalStateException("WoodFisher already took " + seen + " gradients");
        }
        if (o == null) {
            o = g.duplicate();
            o.attach(manager);
        } else {
            double t = dot(o, g);
            double kg = dot(k, g);
            try (NDArray step = o.mul((float) (kg / (n + t)))) {
                k.subi(step);
            }
            o.muli((float) (1 - t / (n + t)));
        }
        seen++;
    }

    /** The current k (owned by this object). */
    NDArray direction() {
        return k;
    }

    private static double dot(NDArray a, NDArray b) {
        try (NDArray d = a.dot(b)) {
            return d.getFloat();
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
