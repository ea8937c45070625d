package io.deepunlearn.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.InvalidEventException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON Schemas in the repository describe exactly what the records put on the wire. */
class EventSchemasTest {

    private static JsonNode schema(EventType type) throws Exception {
        try (InputStream in = EventSchemasTest.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            assertThat(in).as("schema file " + type.schemaResource()).isNotNull();
            return EventCodec.JSON.readTree(in);
        }
    }

    @Test
    void everyRecordComponentIsASchemaPropertyAndViceVersa() throws Exception {
        for (EventType type : EventType.values()) {
            JsonNode s = schema(type);
            List<String> props = new ArrayList<>();
            s.get("properties").fieldNames().forEachRemaining(props::add);
            List<String> components = Arrays.stream(type.payloadClass().getRecordComponents())
                    .map(RecordComponent::getName).toList();
            assertThat(props).as(type.name()).containsExactlyInAnyOrderElementsOf(components);
            assertThat(s.get("additionalProperties").asBoolean(true)).as(type + " closed").isFalse();
            assertThat(s.get("title").asText()).isEqualTo(type.cloudEventType().replace("io.deepunlearn.", "")
                    .replace(".v" + type.version(), " v" + type.version()));
            assertThat(s.get("properties").get("schemaVersion").get("const").asInt()).as(type + " version")
                    .isEqualTo(type.version());
        }
    }

    @Test
    void theAuditEventsNestedFiguresMatchTheirRecords() throws Exception {
        JsonNode props = schema(EventType.AUDIT_COMPLETED).get("properties");
        for (var nested : java.util.Map.of("metrics", AuditMetrics.class, "ulira", UliraFigures.class).entrySet()) {
            List<String> names = new ArrayList<>();
            props.get(nested.getKey()).get("properties").fieldNames().forEachRemaining(names::add);
            List<String> required = new ArrayList<>();
            props.get(nested.getKey()).get("required").forEach(r -> required.add(r.asText()));
            List<String> components = Arrays.stream(nested.getValue().getRecordComponents())
                    .map(RecordComponent::getName).toList();
            assertThat(names).as(nested.getKey()).containsExactlyInAnyOrderElementsOf(components);
            assertThat(required).as(nested.getKey() + " required").containsExactlyInAnyOrderElementsOf(components);
        }
        assertThat(props.get("outcome").get("enum").toString()).isEqualTo("[\"pass\",\"fail\",\"inconclusive\"]");
    }

    @Test
    void serialisedSamplesCarryEveryRequiredFieldAndOnlyKnownOnes() throws Exception {
        for (var e : SampleEvents.all().entrySet()) {
            JsonNode s = schema(e.getKey());
            JsonNode json = EventCodec.JSON.readTree(EventCodec.encode(e.getValue()));
            for (JsonNode required : s.get("required")) {
                assertThat(json.hasNonNull(required.asText())).as(e.getKey() + "." + required.asText()).isTrue();
            }
            json.fieldNames().forEachRemaining(f -> assertThat(s.get("properties").has(f)).as(e.getKey() + "." + f).isTrue());
            assertThat(json.get("schemaVersion").asInt()).isEqualTo(s.get("properties").get("schemaVersion").get("const").asInt());
        }
    }

    @Test
    void decodingRoundTripsAndRejectsBadInputWithAReason() {
        ForgetRequested original = (ForgetRequested) SampleEvents.all().get(EventType.FORGET_REQUESTED);
        byte[] bytes = EventCodec.encode(original);
        assertThat(EventCodec.decode(bytes, ForgetRequested.class, 1)).isEqualTo(original);

        assertThatThrownBy(() -> EventCodec.decode("{not json".getBytes(StandardCharsets.UTF_8), ForgetRequested.class, 1))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("malformed ForgetRequested JSON");
        String v2 = new String(bytes, StandardCharsets.UTF_8).replace("\"schemaVersion\":1", "\"schemaVersion\":2");
        assertThatThrownBy(() -> EventCodec.decode(v2.getBytes(StandardCharsets.UTF_8), ForgetRequested.class, 1))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("unsupported schemaVersion 2");
        String extra = new String(bytes, StandardCharsets.UTF_8).replace("{", "{\"surprise\":true,");
        assertThatThrownBy(() -> EventCodec.decode(extra.getBytes(StandardCharsets.UTF_8), ForgetRequested.class, 1))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("surprise");
    }

    @Test
    void cloudEventTypesAreVersionedReverseDns() {
        assertThat(EventType.FORGET_REQUESTED.cloudEventType()).isEqualTo("io.deepunlearn.forget-requested.v1");
        assertThat(EventType.ofCloudEventType("io.deepunlearn.audit-completed.v2")).isEqualTo(EventType.AUDIT_COMPLETED);
        assertThat(EventType.AUDIT_COMPLETED.schemaResource()).isEqualTo("schemas/audit-completed.v2.json");
        assertThatThrownBy(() -> EventType.ofCloudEventType("io.deepunlearn.audit-completed.v1"))
                .hasMessageContaining("unknown CloudEvents type");
        assertThatThrownBy(() -> EventType.ofCloudEventType("x")).hasMessageContaining("unknown CloudEvents type");
        assertThat(EventType.REQUEST_STATUS_CHANGED.cloudEventType()).isEqualTo("io.deepunlearn.request-status-changed.v2");
    }

    /** Strict input: what a lenient reader would silently coerce is a dead letter with the reason. */
    @Test
    void integersAreIntegersAndNoTrailingContentOrDuplicateKeysPass() {
        String ok = "{\"schemaVersion\":1,\"requestId\":\"r\",\"modelId\":\"m\",\"datasetId\":\"d\",\"subjectRef\":null,"
                + "\"sampleIds\":[%s],\"method\":null,\"requestedAt\":\"2026-01-01T00:00:00Z\"}";
        assertThat(EventCodec.decode(String.format(ok, "1,2").getBytes(StandardCharsets.UTF_8), ForgetRequested.class, 1)
                .sampleIds()).containsExactly(1, 2);
        for (String bad : List.of("1.5", "-0.5", "1e-9", "\"7\"", "true", "1.0")) {
            assertThatThrownBy(() -> EventCodec.decode(String.format(ok, bad).getBytes(StandardCharsets.UTF_8),
                    ForgetRequested.class, 1)).as(bad).isInstanceOf(InvalidEventException.class);
        }
        assertThatThrownBy(() -> EventCodec.decode((String.format(ok, "1") + " {}").getBytes(StandardCharsets.UTF_8),
                ForgetRequested.class, 1)).isInstanceOf(InvalidEventException.class).hasMessageContaining("Trailing token");
        String dup = String.format(ok, "1").replace("{\"schemaVersion\":1,", "{\"schemaVersion\":1,\"modelId\":\"x\",");
        assertThatThrownBy(() -> EventCodec.decode(dup.getBytes(StandardCharsets.UTF_8), ForgetRequested.class, 1))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("Duplicate field 'modelId'");
    }
}
