package io.deepunlearn.pipeline.messaging;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.deepunlearn.pipeline.event.PipelineEvent;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON on the wire and in the object store: ISO-8601 timestamps, and strict reading (a typo or a foreign payload
 * is an error that goes to the dead-letter topic, not a silently half-filled event): unknown properties, duplicate
 * keys and trailing content are rejected, and an integer field takes only a JSON integer (no {@code 1.5},
 * {@code 1e-9}, {@code "7"} or {@code true} coerced into one).
 */
public final class EventCodec {

    public static final ObjectMapper JSON = strict();

    private static ObjectMapper strict() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        return mapper;
    }

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
