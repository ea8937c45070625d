package io.deepunlearn.core.data;

import io.deepunlearn.core.spi.Extensions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry of dataset names accepted on the command line and in events: the built-ins, user data in NPY
 * shards ({@code npy:DIR}, see {@link NpyDatasetProvider}), and whatever other jars contribute through
 * {@link DatasetProviderFactory} (java.util.ServiceLoader), discovered on first use.
 */
public final class Datasets {

    private static Map<String, DatasetProviderFactory> byName;
    private static Map<String, DatasetProviderFactory> byScheme;

    private Datasets() {
    }

    private static synchronized void discover() {
        if (byName != null) {
            return;
        }
        Map<String, DatasetProviderFactory> names = new LinkedHashMap<>();
        Map<String, DatasetProviderFactory> schemes = new LinkedHashMap<>();
        for (DatasetProviderFactory factory : Extensions.load(DatasetProviderFactory.class)) {
            register(names, factory.names(), factory, "dataset");
            register(schemes, factory.schemes(), factory, "dataset scheme");
        }
        byScheme = schemes;
        byName = names;
    }

    private static void register(Map<String, DatasetProviderFactory> into, List<String> keys,
                                 DatasetProviderFactory factory, String what) {
        for (String key : keys) {
            DatasetProviderFactory previous = into.putIfAbsent(key, factory);
            if (previous != null) {
                throw new IllegalStateException(what + " '" + key + "' of " + Extensions.describe(factory)
                        + " is already provided by " + Extensions.describe(previous));
            }
        }
    }

    /** The fixed names (parameterised {@code scheme:location} names are not listed; see {@link #schemes()}). */
    public static Set<String> names() {
        discover();
        return Collections.unmodifiableSet(byName.keySet());
    }

    /** Schemes of parameterised names, e.g. {@code npy}. */
    public static Set<String> schemes() {
        discover();
        return Collections.unmodifiableSet(byScheme.keySet());
    }

    /** Whether {@code name} is a registered name or {@code scheme:location} with a registered scheme. */
    public static boolean isKnown(String name) {
        discover();
        return name != null && (byName.containsKey(name) || schemeFactory(name) != null);
    }

    public static DatasetProvider provider(String name) {
        discover();
        DatasetProviderFactory f = name == null ? null : byName.get(name);
        if (f == null && name != null) {
            f = schemeFactory(name);
        }
        if (f == null) {
            String schemeHint = byScheme.isEmpty() ? "" : "; or " + String.join(", ",
                    byScheme.keySet().stream().map(s -> s + ":LOCATION").toList());
            throw new IllegalArgumentException("unknown dataset '" + name + "' (known: " + String.join(", ", byName.keySet())
                    + schemeHint + ")");
        }
        return f.create(name);
    }

    public static DatasetBundle load(String name, DataLocator locator) {
        return provider(name).load(locator);
    }

    private static DatasetProviderFactory schemeFactory(String name) {
        int colon = name.indexOf(':');
        return colon <= 0 ? null : byScheme.get(name.substring(0, colon));
    }
}
