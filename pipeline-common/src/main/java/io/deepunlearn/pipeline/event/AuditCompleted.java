package io.deepunlearn.pipeline.event;

import java.time.Instant;
import java.util.List;

/** The auditor's verdict on an unlearned version: {@code outcome} is {@code pass} or {@code fail} (with reasons). */
public record AuditCompleted(int schemaVersion, String modelId, List<String> requestIds, ModelVersionRef version,
                             String method, String outcome, List<String> reasons, AuditMetrics metrics,
                             Instant auditedAt) implements PipelineEvent {
    public static final int SCHEMA_VERSION = 1;
    public static final String PASS = "pass";
    public static final String FAIL = "fail";

    public boolean passed() {
        return PASS.equals(outcome);
    }
}
