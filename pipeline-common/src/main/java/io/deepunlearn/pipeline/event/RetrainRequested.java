package io.deepunlearn.pipeline.event;

import java.time.Instant;
import java.util.List;

/**
 * The fallback when an audit fails: retrain {@code modelId} exactly, from scratch, without any forgotten sample.
 * {@code failedVersion} is the rejected unlearned version, whose manifest lists the samples to exclude.
 */
public record RetrainRequested(int schemaVersion, String modelId, List<String> requestIds, String failedVersion,
                               String reason, Instant requestedAt) implements PipelineEvent {
    public static final int SCHEMA_VERSION = 1;
}
