package io.deepunlearn.core.tune;

/** Signals a sampler that its study has run all its trials (it unwinds the sampler's loop; not an error). */
public final class TrialBudgetExhausted extends RuntimeException {

    public TrialBudgetExhausted(int trials) {
        super("trial budget of " + trials + " reached", null, false, false);
    }
}
