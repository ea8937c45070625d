package io.deepunlearn.core.method;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.data.Loader;
import java.util.function.Consumer;

/** Batch iteration that keeps each batch's tensors in a per-step manager closed right after use (DJL memory rule). */
final class Batches {

    private Batches() {
    }

    /** Runs {@code action} on every batch of {@code loader}'s epoch {@code epoch}. */
    static void forEach(NDManager parent, Loader loader, int epoch, Consumer<Batch> action) {
        try (NDManager scope = parent.newSubManager()) {
            for (Batch b : loader.epoch(scope, epoch)) {
                try (NDManager step = scope.newSubManager()) {
                    action.accept(attach(b, step));
                }
            }
        }
    }

    /** Moves the batch's tensors into {@code step}'s lifetime. */
    static Batch attach(Batch b, NDManager step) {
        b.x().attach(step);
        b.y().attach(step);
        return b;
    }
}
