package io.deepunlearn.core.method;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A method's hyperparameters: names and defaults exactly as the reference gives them (e.g.
 * {@code optimizer.learning_rate}, {@code init_rate}). Values are Double, Integer, Boolean, String or a list of
 * doubles. Overrides are checked against the defaults: unknown names and wrong types are rejected with a message
 * that names the method, the key and the accepted keys.
 */
public final class HyperParameters {

    private final String method;
    private final Map<String, Object> values;

    private HyperParameters(String method, Map<String, Object> values) {
        this.method = method;
        this.values = values;
    }

    public static Builder builder(String method) {
        return new Builder(method);
    }

    public String method() {
        return method;
    }

    public Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }

    private Object get(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException(method + " has no hyperparameter '" + key + "' (known: " + values.keySet() + ")");
        }
        return values.get(key);
    }

    public double getDouble(String key) {
        return ((Number) get(key)).doubleValue();
    }

    public int getInt(String key) {
        Object v = get(key);
        if (v instanceof Double d) {
            return (int) Math.round(d);
        }
        return ((Number) v).intValue();
    }

    public boolean getBoolean(String key) {
        return (Boolean) get(key);
    }

    public String getString(String key) {
        return String.valueOf(get(key));
    }

    @SuppressWarnings("unchecked")
    public List<Double> getDoubleList(String key) {
        Object v = get(key);
        if (v instanceof Number n) {
            return List.of(n.doubleValue());
        }
        return (List<Double>) v;
    }

    /** A copy with {@code key} set from text, parsed to the default's type. */
    public HyperParameters with(String key, String text) {
        Object current = get(key);
        Object parsed;
        try {
            parsed = parse(current, text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(method + "." + key + ": cannot parse '" + text + "' as "
                    + typeName(current));
        }
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(key, parsed);
        return new HyperParameters(method, copy);
    }

    /** A copy with {@code key} set to a typed value (e.g. from the tuner or a JSON file). */
    public HyperParameters with(String key, Object value) {
        Object current = get(key);
        Object v = value instanceof String s ? parse(current, s) : coerce(current, value);
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(key, v);
        return new HyperParameters(method, copy);
    }

    /** Applies every entry of {@code overrides} (string or typed values). */
    public HyperParameters withAll(Map<String, ?> overrides) {
        HyperParameters hp = this;
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            hp = hp.with(e.getKey(), (Object) e.getValue());
        }
        return hp;
    }

    private Object coerce(Object current, Object value) {
        if (current instanceof Double && value instanceof Number n) {
            return n.doubleValue();
        }
        if (current instanceof Integer && value instanceof Number n) {
            if (n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new IllegalArgumentException(method + ": expected an integer, got " + value);
            }
            return n.intValue();
        }
        if (current instanceof List && value instanceof List<?> l) {
            List<Double> out = new ArrayList<>();
            for (Object o : l) {
                out.add(((Number) o).doubleValue());
            }
            return out;
        }
        if (current instanceof List && value instanceof Number n) {
            return List.of(n.doubleValue());
        }
        if (current.getClass().isInstance(value)) {
            return value;
        }
        throw new IllegalArgumentException(method + ": expected " + typeName(current) + ", got " + value);
    }

    private static Object parse(Object current, String text) {
        if (current instanceof Double) {
            return Double.parseDouble(text);
        }
        if (current instanceof Integer) {
            return Integer.parseInt(text);
        }
        if (current instanceof Boolean) {
            if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException("not a boolean");
            }
            return Boolean.parseBoolean(text);
        }
        if (current instanceof List) {
            List<Double> out = new ArrayList<>();
            for (String part : text.replace("[", "").replace("]", "").split(",")) {
                out.add(Double.parseDouble(part.trim()));
            }
            return out;
        }
        return text;
    }

    private static String typeName(Object v) {
        if (v instanceof Double) {
            return "a number";
        }
        if (v instanceof Integer) {
            return "an integer";
        }
        if (v instanceof Boolean) {
            return "true/false";
        }
        if (v instanceof List) {
            return "a comma-separated list of numbers";
        }
        return "text";
    }

    @Override
    public String toString() {
        return method + values;
    }

    /** Declares the defaults, in a stable order. */
    public static final class Builder {
        private final String method;
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder(String method) {
            this.method = method;
        }

        public Builder put(String key, double value) {
            values.put(key, value);
            return this;
        }

        public Builder put(String key, int value) {
            values.put(key, value);
            return this;
        }

        public Builder put(String key, boolean value) {
            values.put(key, value);
            return this;
        }

        public Builder put(String key, String value) {
            values.put(key, value);
            return this;
        }

        public Builder put(String key, List<Double> value) {
            values.put(key, List.copyOf(value));
            return this;
        }

        /** The generic SGD hyperparameters (docs/reference.md#search-space "generic HPs"). */
        public Builder sgd(double lr, double momentum, double weightDecay, int batchSize, int epochs) {
            return put("optimizer.learning_rate", lr).put("optimizer.momentum", momentum)
                    .put("optimizer.weight_decay", weightDecay).put("batch_size", batchSize).put("num_epochs", epochs);
        }

        public HyperParameters build() {
            return new HyperParameters(method, new LinkedHashMap<>(values));
        }
    }
}
