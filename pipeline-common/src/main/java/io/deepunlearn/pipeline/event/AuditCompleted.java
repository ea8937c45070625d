package io.deepunlearn.pipeline.event;

import java.time.Instant;
import java.util.List;

/**
 * The auditor's verdict on an unlearned version. {@code outcome}: {@code pass} (the pre-erasure model showed a
 * membership signal on the forgotten samples and the unlearned one does not), {@code fail} (the unlearned model
 * still shows it, shows the opposite trace of over-unlearning, or lost too much utility) or {@code inconclusive}
 * (the pre-erasure model showed no signal: the audit had no power). {@code reasons} name each failed criterion;
 * {@code summary} says it in plain words. {@code ulira} is the per-sample test (possibly {@code unavailable}).
 * Schema v2 (v1 had no control, no U-LiRA and no inconclusive outcome).
 */
public record AuditCompleted(int schemaVersion, String modelId, List<String> requestIds, ModelVersionRef version,
                             String method, String outcome, List<String> reasons, String summary,
                             AuditMetrics metrics, UliraFigures ulira, Instant auditedAt) implements PipelineEvent {
    public static final int SCHEMA_VERSION = 2;
    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    public static final String INCONCLUSIVE = "inconclusive";

    public boolean passed() {
        return PASS.equals(outcome);
    }
}
