package io.deepunlearn.pipeline.event;

import java.time.Instant;
import java.util.List;

/**
 * The trainer uploaded a checkpoint: {@code kind} is {@code original} (a new model) or {@code retrain} (exact
 * retraining without forgotten samples, on behalf of {@code requestIds}).
 */
public record CheckpointPublished(int schemaVersion, String modelId, String jobId, String kind, ModelVersionRef checkpoint,
                                  String parentVersion, String datasetId, List<String> requestIds,
                                  Instant publishedAt) implements PipelineEvent {
    public static final int SCHEMA_VERSION = 1;
}
