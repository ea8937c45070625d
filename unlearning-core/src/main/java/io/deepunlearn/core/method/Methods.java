package io.deepunlearn.core.method;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The registry of the benchmark's unlearning methods, in the reference's order (docs/reference.md#methods). */
public final class Methods {

    private static final Map<String, UnlearningMethod> BY_NAME = new LinkedHashMap<>();

    static {
        for (UnlearningMethod m : MethodCatalog.all()) {
            register(m);
        }
    }

    private Methods() {
    }

    static void register(UnlearningMethod m) {
        BY_NAME.put(m.name(), m);
    }

    public static List<UnlearningMethod> all() {
        return Collections.unmodifiableList(new ArrayList<>(BY_NAME.values()));
    }

    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** By short name (case-insensitive: {@code msg}, {@code NG+}) or reference key ({@code kgltop2}). */
    public static UnlearningMethod get(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (UnlearningMethod m : BY_NAME.values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(wanted) || m.referenceKey().equals(wanted)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + name + "' (known: " + String.join(", ", names()) + ")");
    }

    /** "all" or a comma-separated list of names. */
    public static List<UnlearningMethod> parseList(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("all")) {
            return all();
        }
        List<UnlearningMethod> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            if (!part.isBlank()) {
                out.add(get(part));
            }
        }
        return out;
    }
}
