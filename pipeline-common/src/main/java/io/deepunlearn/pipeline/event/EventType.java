package io.deepunlearn.pipeline.event;

import java.util.Arrays;

/**
 * The event types: CloudEvents {@code type}, payload class and JSON Schema file. Types are reverse-DNS and carry
 * the schema's major version, so a breaking change is a new type.
 */
public enum EventType {
    TRAINING_REQUESTED("training-requested", TrainingRequested.class, 1),
    CHECKPOINT_PUBLISHED("checkpoint-published", CheckpointPublished.class, 1),
    FORGET_REQUESTED("forget-requested", ForgetRequested.class, 1),
    UNLEARNING_COMPLETED("unlearning-completed", UnlearningCompleted.class, 1),
    // v2: the control (pre-erasure figures), U-LiRA and the inconclusive outcome
    AUDIT_COMPLETED("audit-completed", AuditCompleted.class, 2),
    RETRAIN_REQUESTED("retrain-requested", RetrainRequested.class, 1),
    REQUEST_STATUS_CHANGED("request-status-changed", RequestStatusChanged.class, 1);

    private final String name;
    private final Class<? extends PipelineEvent> payload;
    private final int version;

    EventType(String name, Class<? extends PipelineEvent> payload, int version) {
        this.name = name;
        this.payload = payload;
        this.version = version;
    }

    /** The schema's major version: equals the payload's {@code schemaVersion}. */
    public int version() {
        return version;
    }

    /** e.g. {@code io.deepunlearn.forget-requested.v1}. */
    public String cloudEventType() {
        return "io.deepunlearn." + name + ".v" + version;
    }

    /** The schema's path on the classpath and in the repository. */
    public String schemaResource() {
        return "schemas/" + name + ".v" + version + ".json";
    }

    public Class<? extends PipelineEvent> payloadClass() {
        return payload;
    }

    public static EventType of(Class<? extends PipelineEvent> payloadClass) {
        return Arrays.stream(values()).filter(t -> t.payload == payloadClass).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not an event class: " + payloadClass.getName()));
    }

    public static EventType ofCloudEventType(String type) {
        return Arrays.stream(values()).filter(t -> t.cloudEventType().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown CloudEvents type '" + type + "'"));
    }
}
