package io.deepunlearn.trainer.rest;

import io.deepunlearn.pipeline.event.TrainingSpec;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Upper bounds on what one REST training job may ask for (keys {@code deepunlearn.trainer.limits.*}): the trainer
 * operator role is trusted to train, not to book the GPU for a week. Kafka-submitted jobs come from services whose
 * topic ACLs are the control; the event schema keeps its own, wider sanity bounds.
 */
@ConfigMapping(prefix = "deepunlearn.trainer.limits")
public interface TrainingLimits {

    /** Most epochs per job. */
    @WithDefault("50")
    int maxEpochs();

    /** Largest seeded training subset ({@code trainLimit}); jobs without a limit train on the whole dataset. */
    @WithDefault("60000")
    int maxTrainSamples();

    /** Largest test subset ({@code testLimit}). */
    @WithDefault("10000")
    int maxTestSamples();

    /** Largest batch. */
    @WithDefault("1024")
    int maxBatchSize();

    /** Throws {@link IllegalArgumentException} naming the first exceeded bound. */
    default void check(TrainingSpec spec) {
        bound("epochs", spec.epochs(), maxEpochs());
        bound("batchSize", spec.batchSize(), maxBatchSize());
        if (spec.trainLimit() != null) {
            bound("trainLimit", spec.trainLimit(), maxTrainSamples());
        }
        if (spec.testLimit() != null) {
            bound("testLimit", spec.testLimit(), maxTestSamples());
        }
    }

    private static void bound(String field, int value, int max) {
        if (value > max) {
            throw new IllegalArgumentException(field + " " + value + " exceeds this trainer's limit of " + max);
        }
    }
}
