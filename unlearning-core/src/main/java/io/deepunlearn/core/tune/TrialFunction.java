package io.deepunlearn.core.tune;

/** What a sampler calls to run (or replay) the next trial of its study. */
@FunctionalInterface
public interface TrialFunction {

    /**
     * Runs the trial at {@code unit} (a point of [0, 1]^d) and returns its objectives for the sampler (a failed
     * trial returns a large finite penalty, since evolutionary operators cannot rank infinities). When the trial is
     * a replay of one already in the log, {@code unit} is overwritten with the logged point.
     *
     * @throws TrialBudgetExhausted when the study already holds its number of trials: the sampler must stop
     */
    double[] evaluate(double[] unit);
}
