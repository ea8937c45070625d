package io.deepunlearn.core.method;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.ProgressListener;

/**
 * Everything a method run gets: {@code model} is a private copy of the original model (the method may modify
 * it in place and return it, or return another network it built in {@code model.manager()}'s parent), the data,
 * the model seed (for the method's own randomness) and a progress sink.
 */
public record UnlearningContext(Network model, UnlearningData data, int seed, ProgressListener progress) {

    public NDManager manager() {
        return model.manager();
    }
}
