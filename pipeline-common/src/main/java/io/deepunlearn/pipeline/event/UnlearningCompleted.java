package io.deepunlearn.pipeline.event;

import java.time.Instant;
import java.util.List;

/**
 * One unlearning run finished: {@code base} was unlearned into {@code result} for all {@code requestIds}
 * (several when requests were coalesced), forgetting {@code forgetSampleIds}.
 */
public record UnlearningCompleted(int schemaVersion, String modelId, List<String> requestIds, String method,
                                  ModelVersionRef base, ModelVersionRef result, List<Integer> forgetSampleIds,
                                  double durationSeconds, Instant completedAt) implements PipelineEvent {
    public static final int SCHEMA_VERSION = 1;
}
