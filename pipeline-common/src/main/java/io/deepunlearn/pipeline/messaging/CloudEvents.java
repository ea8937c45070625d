package io.deepunlearn.pipeline.messaging;

import io.deepunlearn.pipeline.event.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * CloudEvents 1.0 attributes as Kafka headers (binary content mode): {@code ce_id}, {@code ce_type},
 * {@code ce_source}, {@code ce_specversion}, {@code ce_subject} (the model id), {@code ce_time},
 * {@code ce_dataschema}, and {@code content-type: application/json} for the payload.
 */
public final class CloudEvents {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String DATA_SCHEMA = "ce_dataschema";
    public static final String CONTENT_TYPE = "content-type";
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";

    private CloudEvents() {
    }

    public static Headers headers(EventType type, String source, String subject, String id, Instant time) {
        Headers h = new RecordHeaders();
        put(h, ID, id == null ? UUID.randomUUID().toString() : id);
        put(h, TYPE, type.cloudEventType());
        put(h, SOURCE, source);
        put(h, SPEC_VERSION, "1.0");
        put(h, SUBJECT, subject);
        put(h, TIME, (time == null ? Instant.now() : time).toString());
        put(h, DATA_SCHEMA, type.schemaResource());
        put(h, CONTENT_TYPE, "application/json");
        return h;
    }

    /** The last value of header {@code name}, if present. */
    public static Optional<String> get(Headers headers, String name) {
        if (headers == null) {
            return Optional.empty();
        }
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? Optional.empty() : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
    }

    public static void put(Headers headers, String name, String value) {
        if (value != null) {
            headers.remove(name);
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
