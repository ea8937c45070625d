package io.deepunlearn.core.train;

import ai.djl.ndarray.NDArray;
import io.deepunlearn.core.data.Batch;

/** The scalar loss of one batch, computed inside a gradient collector. */
@FunctionalInterface
public interface BatchLoss {

    NDArray apply(Batch batch);
}
