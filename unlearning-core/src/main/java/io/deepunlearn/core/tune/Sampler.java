package io.deepunlearn.core.tune;

import java.util.Locale;

/** Proposes hyperparameter points in the unit cube of a {@link ParameterEncoding} until the budget is spent. */
public interface Sampler {

    String name();

    /**
     * Calls {@code trials} with proposed points until it throws {@link TrialBudgetExhausted}. Given the same
     * {@code seed}, the sequence of proposals is the same, which (with replayed results) makes a resumed study
     * continue where it stopped.
     */
    void run(TrialFunction trials, int dimensions, int budget, long seed);

    /** {@code nsga3} or {@code random}. */
    static Sampler named(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "nsga3", "nsga-iii", "nsgaiii" -> new Nsga3Sampler();
            case "random" -> new RandomSampler();
            default -> throw new IllegalArgumentException("unknown sampler '" + name + "' (known: nsga3, random)");
        };
    }
}
