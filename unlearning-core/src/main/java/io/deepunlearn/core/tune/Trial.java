package io.deepunlearn.core.tune;

import java.util.Map;

/**
 * One finished trial of a study (one seed): its number within the study (0-based), the unit-cube point the
 * sampler proposed, the decoded hyperparameters, and either the four objectives of docs/reference.md#hp-search (status "ok") or the
 * error that made it fail (status "failed", scored +infinity). {@code metrics} holds the evaluated figures behind
 * the objectives (RA, FA, VA, TA, MIAs of the unlearned and retrained models).
 */
public record Trial(int seed, int number, String status, double[] unit, Map<String, Object> hyperparameters,
                    double[] objectives, Map<String, Double> metrics, double seconds, String error) {

    public static final String OK = "ok";
    public static final String FAILED = "failed";

    public boolean ok() {
        return OK.equals(status);
    }

    /** The selection score of docs/reference.md#hp-search: the L2 norm of the objectives; +infinity for a failed trial. */
    public double score() {
        return ok() ? TuningObjectives.score(objectives) : Double.POSITIVE_INFINITY;
    }
}
