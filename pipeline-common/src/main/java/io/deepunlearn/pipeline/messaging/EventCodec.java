package io.deepunlearn.pipeline.messaging;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.deepunlearn.pipeline.event.PipelineEvent;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON on the wire and in the object store: ISO-8601 timestamps, unknown properties rejected on read (a typo or
 * a foreign payload is an error that goes to the dead-letter topic, not a silently half-filled event).
 */
public final class EventCodec {

    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private EventCodec() {
    }

    public static byte[] encode(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    /** Decodes and checks the schema version; throws {@link InvalidEventException} with the reason. */
    public static <T extends PipelineEvent> T decode(byte[] bytes, Class<T> type, int expectedVersion) {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidEventException("empty payload");
        }
        T event;
        try {
            event = JSON.readValue(bytes, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidEventException("malformed " + type.getSimpleName() + " JSON: " + firstLine(e.getMessage()));
        }
        if (event == null) {
            throw new InvalidEventException("null payload");
        }
        if (event.schemaVersion() != expectedVersion) {
            throw new InvalidEventException("unsupported schemaVersion " + event.schemaVersion() + " for "
                    + type.getSimpleName() + " (expected " + expectedVersion + ")");
        }
        return event;
    }

    /** Plain documents (manifests, receipts) stored as JSON. */
    public static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + type.getSimpleName() + ": " + firstLine(e.getMessage()), e);
        }
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
