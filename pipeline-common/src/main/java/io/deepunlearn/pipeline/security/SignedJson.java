package io.deepunlearn.pipeline.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepunlearn.pipeline.messaging.EventCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON document that carries its own signature in a top-level {@value #FIELD} object, so one file is enough to
 * check it offline ({@code deepunlearn verify-receipt}). The signature covers the document without that field in a
 * canonical form (object keys sorted at every level, no whitespace), so re-serialising it does not break it and any
 * added, removed or changed field does.
 */
public final class SignedJson {

    public static final String FIELD = "signature";
    private static final ObjectMapper CANONICAL = EventCodec.JSON.copy()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private SignedJson() {
    }

    /** The document {@code value} as JSON with its signature added. */
    public static byte[] sign(Object value, Signer signer) {
        ObjectNode tree = EventCodec.JSON.valueToTree(value);
        tree.remove(FIELD);
        DetachedSignature sig = signer.sign(canonical(tree));
        tree.set(FIELD, EventCodec.JSON.valueToTree(sig));
        return EventCodec.encode(tree);
    }

    /** Parses and verifies {@code bytes}; returns the document without its signature. */
    public static ObjectNode verify(byte[] bytes, TrustedKeys trusted, String what) {
        JsonNode root;
        try {
            root = EventCodec.JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IntegrityException(what + " is not JSON: refusing it");
        }
        if (!(root instanceof ObjectNode tree)) {
            throw new IntegrityException(what + " is not a JSON object: refusing it");
        }
        JsonNode sigNode = tree.remove(FIELD);
        DetachedSignature sig;
        try {
            sig = sigNode == null || !sigNode.isObject() ? null : EventCodec.JSON.treeToValue(sigNode, DetachedSignature.class);
        } catch (IOException e) {
            sig = null;
        }
        trusted.verify(canonical(tree), sig, what);
        return tree;
    }

    /** Keys sorted at every level, compact: the bytes that are signed. */
    static byte[] canonical(JsonNode node) {
        try {
            return CANONICAL.writeValueAsBytes(sorted(node));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise", e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = EventCodec.JSON.createObjectNode();
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.stream().sorted().forEach(n -> out.set(n, sorted(node.get(n))));
            return out;
        }
        if (node.isArray()) {
            var out = EventCodec.JSON.createArrayNode();
            node.forEach(e -> out.add(sorted(e)));
            return out;
        }
        return node;
    }
}
