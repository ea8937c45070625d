package io.deepunlearn.pipeline.event;

/** Every event on the wire: versioned JSON, keyed by model id so one model's history stays ordered. */
public interface PipelineEvent {

    /** Schema version of the payload (the JSON Schema file {@code schemas/<type>.v<version>.json}). */
    int schemaVersion();

    /** The Kafka record key and CloudEvents subject. */
    String modelId();
}
