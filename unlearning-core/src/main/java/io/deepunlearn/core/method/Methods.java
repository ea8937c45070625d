package io.deepunlearn.core.method;

import io.deepunlearn.core.spi.Extensions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The registry of unlearning methods: the benchmark's 18 in the reference's order (docs/reference.md#methods), then
 * those contributed by other jars through {@link MethodProvider} (java.util.ServiceLoader), discovered on first use.
 */
public final class Methods {

    private static Map<String, UnlearningMethod> byName;

    private Methods() {
    }

    private static synchronized Map<String, UnlearningMethod> registry() {
        if (byName == null) {
            byName = discover();
        }
        return byName;
    }

    private static Map<String, UnlearningMethod> discover() {
        Map<String, UnlearningMethod> out = new LinkedHashMap<>();
        Map<String, String> owners = new HashMap<>(); // lower-cased name or key -> provider, to report clashes
        for (MethodProvider provider : Extensions.load(MethodProvider.class)) {
            for (UnlearningMethod m : provider.methods()) {
                // a set: a method may use its name as its reference key
                for (String alias : new LinkedHashSet<>(List.of(m.name().toLowerCase(Locale.ROOT),
                        m.referenceKey().toLowerCase(Locale.ROOT)))) {
                    String previous = owners.putIfAbsent(alias, Extensions.describe(provider));
                    if (previous != null) {
                        throw new IllegalStateException("method name '" + alias + "' of " + Extensions.describe(provider)
                                + " is already used by " + previous);
                    }
                }
                out.put(m.name(), m);
            }
        }
        return out;
    }

    public static List<UnlearningMethod> all() {
        return Collections.unmodifiableList(new ArrayList<>(registry().values()));
    }

    public static List<String> names() {
        return List.copyOf(registry().keySet());
    }

    /** By short name (case-insensitive: {@code msg}, {@code NG+}) or reference key ({@code kgltop2}). */
    public static UnlearningMethod get(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (UnlearningMethod m : registry().values()) {
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
