package io.deepunlearn.core.data;

import ai.djl.ndarray.NDArray;

/**
 * One mini-batch: inputs (B, C, S, S) float32, labels (B) int64, and the view positions of its samples
 * (so methods can look up per-sample facts such as "came from the forget set").
 */
public record Batch(NDArray x, NDArray y, int[] positions) {

    public int size() {
        return positions.length;
    }
}
