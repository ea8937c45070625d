package io.deepunlearn.core.train;

/** Applies one update to the trainable parameters from their current gradients, then zeroes the gradients. */
public interface Optimizer {

    void step();

    double learningRate();

    void setLearningRate(double lr);
}
