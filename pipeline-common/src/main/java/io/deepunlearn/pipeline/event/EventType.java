package io.deepunlearn.pipeline.event;

import java.util.Arrays;

/**
 * The event types: CloudEvents {@code type}, payload class and JSON Schema file. Types are reverse-DNS and carry
 * the schema's major version, so a breaking change is a new type.
 */
public enum EventType {
    TRAINING_REQUESTED("training-requested", TrainingRequested.class, TrainingRequested.SCHEMA_VERSION),
    CHECKPOINT_PUBLISHED("checkpoint-published", CheckpointPublished.class, CheckpointPublished.SCHEMA_VERSION),
    FORGET_REQUESTED("forget-requested", ForgetRequested.class, ForgetRequested.SCHEMA_VERSION),
    UNLEARNING_COMPLETED("unlearning-completed", UnlearningCompleted.class, UnlearningCompleted.SCHEMA_VERSION),
    // v2: the control (pre-erasure figures), U-LiRA and the inconclusive outcome
    AUDIT_COMPLETED("audit-completed", AuditCompleted.class, AuditCompleted.SCHEMA_VERSION),
    RETRAIN_REQUESTED("retrain-requested", RetrainRequested.class, RetrainRequested.SCHEMA_VERSION),
    // v2: AUDITED became AUDITING (the request lifecycle)
    REQUEST_STATUS_CHANGED("request-status-changed", RequestStatusChanged.class, RequestStatusChanged.SCHEMA_VERSION);

    private final String name;
    private final Class<? extends PipelineEvent> payload;
    private final int version;

    EventType(String name, Class<? extends PipelineEvent> payload, int version) {
        this.name = name;
        this.payload = payload;
        this.version = version;
    }

    /** The payload's schema (major) version: part of the CloudEvents type and of the schema file name. */
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
