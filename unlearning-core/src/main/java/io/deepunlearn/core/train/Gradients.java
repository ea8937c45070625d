package io.deepunlearn.core.train;

import ai.djl.ndarray.NDArray;
import io.deepunlearn.core.model.Param;
import java.util.Collection;
import java.util.function.BiConsumer;

/**
 * Gradient access that frees DJL's per-call gradient handles (each {@code getGradient()} allocates one in the
 * parameter's manager; leaving them open leaks native memory every step).
 */
public final class Gradients {

    private Gradients() {
    }

    /** Calls {@code action(param, grad)} for each trainable parameter with a gradient; the handle is closed after. */
    public static void forEach(Collection<Param> params, BiConsumer<Param, NDArray> action) {
        io.deepunlearn.core.engine.Engines.noGradOnThisThread();
        for (Param p : params) {
            if (!p.trainable()) {
                continue;
            }
            NDArray g = p.value().getGradient();
            try {
                action.accept(p, g);
            } finally {
                g.close();
            }
        }
    }

    /** Zeroes the gradients in place (PyTorch's {@code zero_grad}). */
    public static void zero(Collection<Param> params) {
        forEach(params, (p, g) -> g.subi(g));
    }

    /** A copy of each gradient, in {@code manager}'s lifetime (e.g. accumulated saliency). */
    public static java.util.Map<String, NDArray> snapshot(Collection<Param> params, ai.djl.ndarray.NDManager manager) {
        java.util.Map<String, NDArray> out = new java.util.LinkedHashMap<>();
        forEach(params, (p, g) -> {
            NDArray copy = g.duplicate();
            copy.attach(manager);
            out.put(p.name(), copy);
        });
        return out;
    }
}
