package io.deepunlearn.core.tune;

import io.deepunlearn.core.method.HyperParameters;
import java.util.Map;

/** Runs one trial: the method with {@code hp} on the original model of {@code seed}, scored against its retrain. */
@FunctionalInterface
public interface TrialEvaluator {

    /** The objectives (minimised) and, optionally, the figures behind them. */
    record Outcome(double[] objectives, Map<String, Double> metrics) {
    }

    /** May throw: the study records the trial as failed with the error and scores it +infinity. */
    Outcome evaluate(int seed, HyperParameters hp);
}
