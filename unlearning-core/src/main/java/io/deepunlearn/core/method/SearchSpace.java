package io.deepunlearn.core.method;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A method's hyperparameter search space (docs/reference.md#search-space and each method's "HP search" line), as the tuner samples
 * it. {@code maxEpochs} is E_max = ceil(0.2 x the original training epochs).
 */
public final class SearchSpace {

    /** How a dimension is sampled. */
    public enum Kind { FLOAT, LOG_FLOAT, INT, CATEGORICAL, FIXED }

    /** One dimension. For CATEGORICAL, {@code choices}; for FIXED, {@code low} is the value. */
    public record Dimension(String name, Kind kind, double low, double high, List<Double> choices) {
    }

    private final List<Dimension> dimensions = new ArrayList<>();

    public List<Dimension> dimensions() {
        return Collections.unmodifiableList(dimensions);
    }

    public SearchSpace uniform(String name, double low, double high) {
        dimensions.add(new Dimension(name, Kind.FLOAT, low, high, List.of()));
        return this;
    }

    public SearchSpace logUniform(String name, double low, double high) {
        dimensions.add(new Dimension(name, Kind.LOG_FLOAT, low, high, List.of()));
        return this;
    }

    public SearchSpace integer(String name, int low, int high) {
        dimensions.add(new Dimension(name, Kind.INT, low, high, List.of()));
        return this;
    }

    public SearchSpace categorical(String name, double... choices) {
        List<Double> c = new ArrayList<>();
        for (double d : choices) {
            c.add(d);
        }
        dimensions.add(new Dimension(name, Kind.CATEGORICAL, 0, 0, c));
        return this;
    }

    public SearchSpace fixed(String name, double value) {
        dimensions.add(new Dimension(name, Kind.FIXED, value, value, List.of()));
        return this;
    }

    /**
     * The generic HPs: learning rate and weight decay log-uniform in [1e-5, 1e-1], momentum fixed at 0.9, batch
     * size in {64, 128, 256}, epochs an integer in [1, E_max].
     */
    public static SearchSpace generic(int maxEpochs) {
        return new SearchSpace()
                .logUniform("optimizer.learning_rate", 1e-5, 1e-1)
                .fixed("optimizer.momentum", 0.9)
                .logUniform("optimizer.weight_decay", 1e-5, 1e-1)
                .categorical("batch_size", 64, 128, 256)
                .integer("num_epochs", 1, Math.max(1, maxEpochs));
    }
}
