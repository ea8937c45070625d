package io.deepunlearn.pipeline.event;

import java.util.Arrays;

/**
 * The event types: CloudEvents {@code type}, payload class and JSON Schema file. Types are reverse-DNS and carry
 * the schema's major version, so a breaking change is a new type.
 */
public enum EventType {
    TRAINING_REQUESTED("training-requested", TrainingRequested.class),
    CHECKPOINT_PUBLISHED("checkpoint-published", CheckpointPublished.class),
    FORGET_REQUESTED("forget-requested", ForgetRequested.class),
    UNLEARNING_COMPLETED("unlearning-completed", UnlearningCompleted.class),
    AUDIT_COMPLETED("audit-completed", AuditCompleted.class),
    RETRAIN_REQUESTED("retrain-requested", RetrainRequested.class),
    REQUEST_STATUS_CHANGED("request-status-changed", RequestStatusChanged.class);

    private static final int VERSION = 1;
    private final String name;
    private final Class<? extends PipelineEvent> payload;

    EventType(String name, Class<? extends PipelineEvent> payload) {
        this.name = name;
        this.payload = payload;
    }

    /** e.g. {@code io.deepunlearn.forget-requested.v1}. */
    public String cloudEventType() {
        return "io.deepunlearn." + name + ".v" + VERSION;
    }

    /** The schema's path on the classpath and in the repository. */
    public String schemaResource() {
        return "schemas/" + name + ".v" + VERSION + ".json";
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
