package io.deepunlearn.core.tune;

import java.util.SplittableRandom;

/** The baseline sampler: independent uniform points of the unit cube (i.e. the prior of each dimension). */
public final class RandomSampler implements Sampler {

    @Override
    public String name() {
        return "random";
    }

    @Override
    public void run(TrialFunction trials, int dimensions, int budget, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        try {
            while (true) {
                double[] u = new double[dimensions];
                for (int i = 0; i < dimensions; i++) {
                    u[i] = rng.nextDouble();
                }
                trials.evaluate(u);
            }
        } catch (TrialBudgetExhausted done) {
            // the study holds its trials
        }
    }
}
