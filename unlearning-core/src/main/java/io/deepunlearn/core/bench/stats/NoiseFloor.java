package io.deepunlearn.core.bench.stats;

/**
 * What a perfect method scores: a second retrained model, from another seed, scored against the first as if it
 * were a method's output. Built from the benchmark's own retrained models without training more: seed i's
 * reference is scored against the retrained model of the next seed (cyclically), so n seeds give n pairs.
 * Neighbouring pairs share a model, so the pairs are not independent and the SE is somewhat optimistic.
 * RetDev of means is not defined for this row (both sides average the same n models: 0 by construction).
 *
 * <p>Its per-seed RetDev is the resolution of the benchmark: a method whose per-seed RetDev interval overlaps the
 * floor's cannot be told from a retrained model. Its MIA and Indisc are the retrained models' own: the population
 * MIA a model that never saw D_f gets by chance at this |D_f|.
 */
public final class NoiseFloor {

    /** The method name of the noise-floor row in leaderboards and results.json. */
    public static final String NAME = "Retrain-noise-floor";

    private NoiseFloor() {
    }

    /**
     * Whether a method's mean Indisc is below the floor's beyond noise: mean_m < mean_floor − k·sqrt(SE_m² +
     * SE_floor²). Only then does Indisc carry information about the method (the MIA detects it); above that,
     * Indisc differences are seed noise and must not order methods. False when either SE is unknown (fewer than
     * two seeds): without a noise estimate Indisc says nothing.
     */
    public static boolean indiscBelowFloor(MeanSe method, MeanSe floor, double k) {
        if (Double.isNaN(method.se()) || Double.isNaN(floor.se()) || Double.isNaN(method.mean())
                || Double.isNaN(floor.mean())) {
            return false;
        }
        double se = Math.sqrt(method.se() * method.se() + floor.se() * floor.se());
        return method.mean() < floor.mean() - k * se;
    }
}
