package io.deepunlearn.infra.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules every service's {@code /q/openapi} document must meet for a client to be generated from it: each
 * operation has an id and declares its responses (at least one 2xx with a schema, errors as RFC 9457 problems),
 * request bodies are named schemas, and no body is an opaque byte array.
 */
public final class OpenApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final String PROBLEM = "application/problem+json";

    private OpenApiContract() {
    }

    /** The violations of {@code json} (the document as JSON); empty when it meets every rule. */
    public static List<String> violations(String json) {
        JsonNode doc;
        try {
            doc = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON OpenAPI document", e);
        }
        List<String> out = new ArrayList<>();
        if (!doc.path("components").path("schemas").has("Problem")) {
            out.add("components.schemas has no Problem");
        }
        opaqueJsonBodies(doc, doc.path("paths"), "", out);
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    check(doc, op.getKey().toUpperCase() + " " + path.getKey(), op.getValue(), out);
                }
            }
        }
        return out;
    }

    /**
     * Differences between the live document and the copy the generated client is built from
     * ({@code api-client/src/main/openapi/<service>.json}, relative to the repository root {@code repo}); empty when
     * they are the same JSON. The message says how to refresh the copy.
     */
    public static List<String> driftFromClientCopy(String liveJson, java.nio.file.Path repo, String service) {
        java.nio.file.Path copy = repo.resolve("api-client/src/main/openapi/" + service + ".json");
        try {
            JsonNode live = JSON.readTree(liveJson);
            JsonNode built = JSON.readTree(java.nio.file.Files.readAllBytes(copy));
            // where the service listens is the deployment's business (the build writes its default port)
            ((com.fasterxml.jackson.databind.node.ObjectNode) live).remove("servers");
            ((com.fasterxml.jackson.databind.node.ObjectNode) built).remove("servers");
            if (live.equals(built)) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            diff("", built, live, out);
            out.add("refresh it: ./mvnw -o -q -pl " + service + " -am -DskipTests package && cp " + service
                    + "/target/openapi/openapi.json " + copy);
            return out;
        } catch (IOException e) {
            return List.of("cannot read " + copy + ": " + e.getMessage());
        }
    }

    private static void diff(String at, JsonNode copy, JsonNode live, List<String> out) {
        if (out.size() > 20 || copy.equals(live)) {
            return;
        }
        if (copy.isObject() && live.isObject()) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            copy.fieldNames().forEachRemaining(names::add);
            live.fieldNames().forEachRemaining(names::add);
            for (String n : names) {
                if (!copy.has(n)) {
                    out.add(at + "/" + n + ": only in the live document");
                } else if (!live.has(n)) {
                    out.add(at + "/" + n + ": only in the client's copy");
                } else {
                    diff(at + "/" + n, copy.get(n), live.get(n), out);
                }
            }
        } else {
            out.add(at + ": copy " + abbreviate(copy) + " but live " + abbreviate(live));
        }
    }

    /**
     * A JSON body ({@code application/json} or {@code +json}) whose schema is an opaque byte array (format
     * binary/byte): usually a resource that reads {@code byte[]} without documenting its schema. Files (octet-stream,
     * CSV, JSON Lines) are bytes by nature and may be binary.
     */
    private static void opaqueJsonBodies(JsonNode doc, JsonNode node, String at, List<String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (at.endsWith("/content") && isJson(e.getKey())) {
                    String format = resolve(doc, e.getValue().path("schema")).path("format").asText("");
                    if (format.equals("binary") || format.equals("byte")) {
                        out.add(at + "/" + e.getKey() + ": a JSON body is an opaque byte array (format " + format + ")");
                    }
                }
                opaqueJsonBodies(doc, e.getValue(), at + "/" + e.getKey(), out);
            }
        } else if (node.isArray()) {
            node.forEach(n -> opaqueJsonBodies(doc, n, at, out));
        }
    }

    private static boolean isJson(String mediaType) {
        String m = mediaType.toLowerCase(java.util.Locale.ROOT);
        return m.equals("application/json") || m.endsWith("+json");
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }

    private static void check(JsonNode doc, String name, JsonNode op, List<String> out) {
        if (!op.hasNonNull("operationId")) {
            out.add(name + ": no operationId");
        }
        JsonNode body = op.path("requestBody");
        if (!body.isMissingNode()) {
            JsonNode content = body.path("content");
            if (content.isEmpty()) {
                out.add(name + ": request body without content");
            }
            content.fields().forEachRemaining(c -> {
                if (c.getKey().contains("json") && !c.getValue().path("schema").has("$ref")) {
                    out.add(name + ": request body " + c.getKey() + " is not a named schema");
                }
            });
        }
        JsonNode responses = op.path("responses");
        boolean success = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = responses.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> r = it.next();
            JsonNode response = resolve(doc, r.getValue());
            if (r.getKey().equals("default")) {
                out.add(name + ": a 'default' response instead of declared status codes");
                continue;
            }
            int code = Integer.parseInt(r.getKey());
            if (code >= 200 && code < 300) {
                success = true;
                if (code != 204 && response.path("content").isEmpty()) {
                    out.add(name + ": " + code + " has no content schema");
                }
            } else if (code >= 400 && !response.path("content").has(PROBLEM)) {
                out.add(name + ": " + code + " is not an " + PROBLEM + " response");
            }
            if (!response.hasNonNull("description") || response.path("description").asText().isBlank()) {
                out.add(name + ": " + code + " has no description");
            }
        }
        if (!success) {
            out.add(name + ": no 2xx response declared");
        }
    }

    private static JsonNode resolve(JsonNode doc, JsonNode node) {
        String ref = node.path("$ref").asText("");
        if (ref.startsWith("#/")) {
            JsonNode target = doc;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part);
            }
            return target;
        }
        return node;
    }
}
