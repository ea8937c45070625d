package io.deepunlearn.unlearner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.util.Optional;

/**
 * The unlearner's own settings under {@code deepunlearn.unlearning} (the shared S3/Kafka/topic settings are read
 * by PipelineSettings; the coalescing window is {@code deepunlearn.coalesce-window}, see UnlearnerBeans).
 */
@ConfigMapping(prefix = "deepunlearn.unlearning")
public interface UnlearnerConfig {

    /** Default method name of the ML core's registry (DEEPUNLEARN_UNLEARNING_METHOD). */
    @WithDefault("MSG")
    String method();

    /** Hyperparameter overrides applied to the method's defaults, e.g. {@code num_epochs=1,batch_size=64}. */
    Optional<String> hyperparameters();

    /** Seed for the method's own randomness. */
    @WithDefault("0")
    int seed();

    /** Largest explicit sample list accepted (larger ones are rejected, not truncated). */
    @WithName("max-samples-per-request")
    @WithDefault("10000")
    int maxSamplesPerRequest();
}
