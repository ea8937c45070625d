package io.deepunlearn.core.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Keeps a published report free of the absolute paths of the machine it ran on: a path under the working directory
 * becomes relative, one under the home directory starts with "~", any other absolute path keeps only its last two
 * names ("…/datasets/fashion-mnist"). What a path means (which cache, which tuned directory) survives.
 */
public final class PathRedaction {

    private PathRedaction() {
    }

    /** The redacted form of {@code text} when it is an absolute path, else {@code text}. */
    public static String path(String text) {
        return path(text, Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
    }

    static String path(String text, Path cwd, Path home) {
        if (text != null && text.startsWith("file:/")) { // Jackson writes a Path as a file: URI
            try {
                text = Path.of(java.net.URI.create(text)).toString();
            } catch (IllegalArgumentException e) {
                return "…";
            }
        }
        if (text == null || !text.startsWith("/")) {
            return text;
        }
        Path p = Path.of(text).normalize();
        if (p.startsWith(cwd)) {
            String rel = cwd.relativize(p).toString();
            return rel.isEmpty() ? "." : rel;
        }
        if (p.startsWith(home) && !home.toString().equals("/")) {
            return "~/" + home.relativize(p);
        }
        int n = p.getNameCount();
        return n == 0 ? "/" : "…/" + p.subpath(Math.max(0, n - 2), n);
    }

    /** A copy of {@code node} whose text values that are absolute paths are redacted. */
    public static JsonNode tree(JsonNode node) {
        JsonNode copy = node.deepCopy();
        redact(copy);
        return copy;
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isTextual()) {
                    e.setValue(TextNode.valueOf(path(e.getValue().asText())));
                } else {
                    redact(e.getValue());
                }
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    a.set(i, TextNode.valueOf(path(a.get(i).asText())));
                } else {
                    redact(a.get(i));
                }
            }
        }
    }
}
