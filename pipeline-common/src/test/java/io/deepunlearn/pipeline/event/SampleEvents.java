package io.deepunlearn.pipeline.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One filled-in instance of every event type (tests). */
public final class SampleEvents {

    private SampleEvents() {
    }

    public static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");
    public static final ModelVersionRef REF = new ModelVersionRef("m1", "000001-0123456789ab",
            "models/m1/versions/000001-0123456789ab/checkpoint.bin", "a".repeat(64), null);

    public static Map<EventType, PipelineEvent> all() {
        TrainingSpec spec = new TrainingSpec("synthetic", 200, 50, "small-cnn", 1, 1, 32, 0.05);
        AuditMetrics metrics = new AuditMetrics(0.9, 0.8, 0.85, 0.84, 0.52, 0.96, 0.85, 0.71, 0.97, 50, 0.12);
        UliraFigures ulira = new UliraFigures(UliraFigures.MEASURED, null, 4, 0.05, 50, 50, 0.53, 0.06, 0.05, 0.81, 0.42, 0.08);
        return Map.of(
                EventType.TRAINING_REQUESTED, new TrainingRequested(1, "job-1", "m1", spec, AT),
                EventType.CHECKPOINT_PUBLISHED, new CheckpointPublished(1, "m1", "job-1", "original", REF, null,
                        "synthetic-train200-test50", List.of(), AT),
                EventType.FORGET_REQUESTED, new ForgetRequested(1, "r-1", "m1", "synthetic-train200-test50", "b".repeat(64),
                        List.of(1, 2, 3), "FT", AT),
                EventType.UNLEARNING_COMPLETED, new UnlearningCompleted(1, "m1", List.of("r-1"), "FT", REF, REF,
                        List.of(1, 2, 3), 1.5, AT),
                EventType.AUDIT_COMPLETED, new AuditCompleted(2, "m1", List.of("r-1"), REF, "FT", "pass", List.of(),
                        "pass: the control showed a signal, the unlearned model does not", metrics, ulira, AT),
                EventType.RETRAIN_REQUESTED, new RetrainRequested(1, "m1", List.of("r-1"), REF.version(), "MIA too high", AT),
                EventType.REQUEST_STATUS_CHANGED, new RequestStatusChanged(2, "r-1", "m1", RequestStatus.AUDITING, null,
                        REF.version(), AT));
    }
}
