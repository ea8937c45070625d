package io.deepunlearn.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a manifest into the fabric8 Kubernetes/monitoring models or the Strimzi models and rejects what those
 * models would silently accept. Plain parsing only catches type errors; the models park unknown fields in
 * additionalProperties, coerce "2" to 2 and turn an unknown enum value into null. So, in addition:
 * <ol>
 *   <li>any non-empty additionalProperties anywhere in the parsed object is an unknown field;</li>
 *   <li>every Quantity must parse as a number with a suffix;</li>
 *   <li>the object written back must equal the input, except for numbers written back as equal strings
 *       (Quantity, IntOrString) and default values (false, 0, empty) that the models omit.</li>
 * </ol>
 */
final class StrictModelValidator {

    private static final int MAX_DEPTH = 60;
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    StrictModelValidator() {
        for (String version : List.of("kafka.strimzi.io/v1", "kafka.strimzi.io/v1beta2")) {
            serialization.registerKubernetesResource(version, "Kafka", Kafka.class);
            serialization.registerKubernetesResource(version, "KafkaNodePool", KafkaNodePool.class);
            serialization.registerKubernetesResource(version, "KafkaTopic", KafkaTopic.class);
            serialization.registerKubernetesResource(version, "KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class);
        }
    }

    /** Problems found in one document, each prefixed with kind and name; empty when the document is valid. */
    List<String> validate(JsonNode document) {
        String where = Manifests.describe(document);
        List<String> problems = new ArrayList<>();
        KubernetesResource parsed;
        try {
            parsed = serialization.unmarshal(Yaml.JSON.writeValueAsString(document));
        } catch (RuntimeException | JsonProcessingException e) {
            problems.add(where + ": does not parse: " + rootMessage(e));
            return problems;
        }
        if (parsed instanceof GenericKubernetesResource) {
            problems.add(where + ": no typed model for " + document.path("apiVersion").asText() + " " + document.path("kind").asText());
            return problems;
        }
        walk(parsed, "", 0, problems, Collections.newSetFromMap(new IdentityHashMap<>()));
        try {
            JsonNode written = Yaml.JSON.readTree(serialization.asJson(parsed));
            checkApiVersion(document, written, problems);
            compare(document, written, "", problems);
        } catch (JsonProcessingException e) {
            problems.add(where + ": cannot be written back: " + e.getMessage());
        }
        return problems.stream().map(p -> p.startsWith(where) ? p : where + ": " + p).toList();
    }

    private void walk(Object value, String path, int depth, List<String> problems, Set<Object> seen) {
        if (value == null || depth > MAX_DEPTH || !seen.add(value)) {
            return;
        }
        if (value instanceof Quantity quantity) {
            checkQuantity(quantity, path, problems);
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, depth + 1, problems, seen));
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Iterator<?> it = list.iterator(); it.hasNext(); i++) {
                walk(it.next(), path + "[" + i + "]", depth + 1, problems, seen);
            }
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8") && !pkg.startsWith("io.strimzi")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (!isProperty(getter)) {
                continue;
            }
            Object child;
            try {
                child = getter.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue; // derived getters that need context are not fields
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add("unknown field(s) " + extra.keySet() + " at " + (path.isEmpty() ? "/" : path));
                }
                continue;
            }
            walk(child, path + "." + propertyName(getter), depth + 1, problems, seen);
        }
    }

    private static void checkQuantity(Quantity quantity, String path, List<String> problems) {
        try {
            Quantity.getAmountInBytes(quantity);
        } catch (RuntimeException e) {
            problems.add("invalid quantity '" + quantity + "' at " + path);
        }
    }

    private static boolean isProperty(Method m) {
        return m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()) && m.getName().startsWith("get")
                && !m.getName().equals("getClass") && !m.getReturnType().isPrimitive();
    }

    private static String propertyName(Method getter) {
        String name = getter.getName().substring(3);
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    /** Strimzi models registered for v1 and v1beta2 write their own default version back; only the group must match. */
    private static void checkApiVersion(JsonNode in, JsonNode out, List<String> problems) {
        if (!group(in.path("apiVersion").asText()).equals(group(out.path("apiVersion").asText()))) {
            problems.add("apiVersion " + in.path("apiVersion") + " was written back as " + out.path("apiVersion"));
        }
    }

    private static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private static void compare(JsonNode in, JsonNode out, String path, List<String> problems) {
        if (in.isObject()) {
            if (!out.isObject()) {
                problems.add("object at " + path + " was written back as " + out.getNodeType());
                return;
            }
            in.fields().forEachRemaining(field -> {
                if (path.isEmpty() && field.getKey().equals("apiVersion")) {
                    return; // checkApiVersion
                }
                JsonNode written = out.get(field.getKey());
                String child = path + "/" + field.getKey();
                if (written == null || written.isNull()) {
                    if (!isDefault(field.getValue())) {
                        problems.add("value " + field.getValue() + " at " + child
                                + " was dropped by the model (unknown enum value or unsupported field)");
                    }
                } else {
                    compare(field.getValue(), written, child, problems);
                }
            });
        } else if (in.isArray()) {
            if (!out.isArray() || out.size() != in.size()) {
                problems.add("list at " + path + " changed when written back");
                return;
            }
            for (int i = 0; i < in.size(); i++) {
                compare(in.get(i), out.get(i), path + "/" + i, problems);
            }
        } else if (in.isTextual() && !out.isTextual()) {
            problems.add("string '" + in.asText() + "' at " + path + " was coerced to " + out.getNodeType() + " (write it unquoted, or fix the type)");
        } else if (in.isBoolean() != out.isBoolean() || !in.asText().equals(out.asText())) {
            if (!(in.isNumber() && out.isTextual() && in.asText().equals(out.asText()))) {
                problems.add("value at " + path + " changed from " + in + " to " + out);
            }
        }
    }

    private static boolean isDefault(JsonNode value) {
        return (value.isBoolean() && !value.asBoolean()) || (value.isNumber() && value.asDouble() == 0)
                || (value.isContainerNode() && value.isEmpty());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
