package io.deepunlearn.core.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.spi.Extensions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Registry of architecture names: the built-ins, then those contributed by other jars through
 * {@link ArchitectureProvider} (java.util.ServiceLoader), discovered on first use.
 */
public final class Architectures {

    private static Map<String, ArchitectureProvider> byName;

    private Architectures() {
    }

    private static synchronized Map<String, ArchitectureProvider> registry() {
        if (byName == null) {
            Map<String, ArchitectureProvider> out = new LinkedHashMap<>();
            for (ArchitectureProvider provider : Extensions.load(ArchitectureProvider.class)) {
                for (String name : provider.names()) {
                    ArchitectureProvider previous = out.putIfAbsent(name, provider);
                    if (previous != null) {
                        throw new IllegalStateException("architecture '" + name + "' of " + Extensions.describe(provider)
                                + " is already provided by " + Extensions.describe(previous));
                    }
                }
            }
            byName = out;
        }
        return byName;
    }

    public static Set<String> names() {
        return Collections.unmodifiableSet(registry().keySet());
    }

    public static void requireKnown(String name) {
        if (!registry().containsKey(name)) {
            throw new IllegalArgumentException("unknown architecture '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
    }

    /**
     * Builds a freshly initialised network in {@code manager} (which the network then owns). The engine's
     * generator is seeded with {@code seed} first, so the same seed gives the same initial weights.
     */
    public static Network create(ModelSpec spec, NDManager manager, int seed) {
        requireKnown(spec.architecture());
        Engine.getInstance().setRandomSeed(seed);
        return build(spec, manager);
    }

    /** Builds a network without reseeding the generator (its values are about to be overwritten or are random). */
    public static Network createUnseeded(ModelSpec spec, NDManager manager) {
        requireKnown(spec.architecture());
        return build(spec, manager);
    }

    private static Network build(ModelSpec spec, NDManager manager) {
        return registry().get(spec.architecture()).create(spec.architecture(), spec, manager);
    }
}
