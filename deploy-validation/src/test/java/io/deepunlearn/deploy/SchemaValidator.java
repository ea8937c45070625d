package io.deepunlearn.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates custom resources that have no Java model (KEDA) against small strict JSON schemas kept in
 * src/test/resources/schemas/&lt;group&gt;-&lt;kind&gt;.schema.json. They cover the fields this project uses and the
 * documented alternatives, with additionalProperties false, so a typo fails instead of being ignored by the
 * cluster. Keep them in step with the KEDA release you install (docs/deployment.md).
 */
final class SchemaValidator {

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    static String resourceName(String apiVersion, String kind) {
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "core";
        return "schemas/" + group + "-" + kind.toLowerCase(Locale.ROOT) + ".schema.json";
    }

    boolean supports(JsonNode document) {
        return getClass().getClassLoader().getResource(resourceName(document.path("apiVersion").asText(), document.path("kind").asText())) != null;
    }

    List<String> validate(JsonNode document) {
        String name = resourceName(document.path("apiVersion").asText(), document.path("kind").asText());
        Schema schema = schemas.computeIfAbsent(name, this::load);
        try {
            return schema.validate(Yaml.JSON.writeValueAsString(document), InputFormat.JSON).stream()
                    .map(error -> Manifests.describe(document) + ": " + error.getInstanceLocation() + " " + error.getMessage())
                    .toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Schema load(String resource) {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no schema " + resource);
            }
            return registry.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
