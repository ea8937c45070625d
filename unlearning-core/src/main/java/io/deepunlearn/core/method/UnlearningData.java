package io.deepunlearn.core.method;

import io.deepunlearn.core.data.TensorDataset;

/** The data a method may touch: D_r, D_f and D_val (plain-transformed; loaders decide on augmentation). */
public record UnlearningData(TensorDataset retain, TensorDataset forget, TensorDataset val) {
}
