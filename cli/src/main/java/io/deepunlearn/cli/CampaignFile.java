package io.deepunlearn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A benchmark campaign file (YAML or JSON). Keys: datasets, architectures, methods, seeds, train_size, test_size,
 * epochs, batch_size, lr, out, tuned, hyperparameters: {METHOD: {key: value}}. Unknown keys are rejected.
 */
record CampaignFile(List<String> datasets, List<String> architectures, String methods, List<Integer> seeds,
                    Integer trainSize,
                    Integer testSize, Integer epochs, Integer batchSize, Double learningRate, Path out, Path tuned,
                    Map<String, Map<String, Object>> hyperparameters) {

    private static final Set<String> KEYS = Set.of("datasets", "dataset", "architectures", "arch", "methods", "seeds",
            "train_size", "test_size", "epochs", "batch_size", "lr", "out", "tuned", "hyperparameters");

    static CampaignFile empty() {
        return new CampaignFile(null, null, null, null, null, null, null, null, null, null, null, Map.of());
    }

    static CampaignFile read(Path file) {
        JsonNode root;
        try {
            ObjectMapper mapper = file.toString().endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --config " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("--config " + file + " must hold a mapping of keys");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("--config " + file + ": unknown key '" + k + "' (known: " + KEYS + ")");
            }
        }
        Map<String, Map<String, Object>> hp = new LinkedHashMap<>();
        JsonNode h = root.get("hyperparameters");
        if (h != null) {
            h.fields().forEachRemaining(e -> {
                Map<String, Object> kv = new LinkedHashMap<>();
                e.getValue().fields().forEachRemaining(p -> kv.put(p.getKey(), value(p.getValue())));
                hp.put(e.getKey(), kv);
            });
        }
        return new CampaignFile(list(root, "datasets", "dataset"), list(root, "architectures", "arch"),
                text(root.get("methods")), seeds(file, root.get("seeds")), integer(root.get("train_size")),
                integer(root.get("test_size")), integer(root.get("epochs")), integer(root.get("batch_size")),
                root.has("lr") ? root.get("lr").asDouble() : null,
                root.has("out") ? Path.of(root.get("out").asText()) : null,
                root.has("tuned") ? Path.of(root.get("tuned").asText()) : null, hp);
    }

    private static Object value(JsonNode n) {
        if (n.isInt() || n.isLong()) {
            return n.asInt();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isArray()) {
            List<Double> out = new ArrayList<>();
            n.forEach(x -> out.add(x.asDouble()));
            return out;
        }
        return n.asText();
    }

    private static List<String> list(JsonNode root, String plural, String singular) {
        JsonNode n = root.has(plural) ? root.get(plural) : root.get(singular);
        if (n == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        } else {
            for (String s : n.asText().split(",")) {
                out.add(s.trim());
            }
        }
        return out;
    }

    private static String text(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            n.forEach(x -> parts.add(x.asText()));
            return String.join(",", parts);
        }
        return n.asText();
    }

    /** {@code seeds: 3} is a count (seeds 0..2), {@code seeds: [0, 3, 7]} exactly those seeds, as on the command line. */
    private static List<Integer> seeds(Path file, JsonNode n) {
        if (n == null) {
            return null;
        }
        try {
            if (n.isInt()) {
                return SeedOptions.first(n.asInt());
            }
            if (n.isArray() && !n.isEmpty()) {
                return SeedOptions.parseList(text(n));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--config " + file + ": seeds: " + e.getMessage());
        }
        throw new IllegalArgumentException("--config " + file + ": seeds must be a count (seeds: 3) or a list "
                + "(seeds: [0, 3, 7]), got " + n);
    }

    private static Integer integer(JsonNode n) {
        return n == null ? null : n.asInt();
    }
}
