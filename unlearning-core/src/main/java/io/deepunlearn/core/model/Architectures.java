package io.deepunlearn.core.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** Registry of architecture names: the "model architecture" extension point. */
public final class Architectures {

    private static final Map<String, BiFunction<ModelSpec, NDManager, Network>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("small-cnn", SmallCnn::new);
        FACTORIES.put("resnet18", ResNet18::new);
        FACTORIES.put("tiny-vit", (spec, m) -> new TinyVit(spec, m, true));
        // reference parity: windows zero-padded up to their configured size even on smaller feature maps
        FACTORIES.put("tiny-vit-padded", (spec, m) -> new TinyVit(spec, m, false));
    }

    private Architectures() {
    }

    public static Set<String> names() {
        return FACTORIES.keySet();
    }

    public static void requireKnown(String name) {
        if (!FACTORIES.containsKey(name)) {
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
        return FACTORIES.get(spec.architecture()).apply(spec, manager);
    }

    /** Builds a network without reseeding the generator (its values are about to be overwritten or are random). */
    public static Network createUnseeded(ModelSpec spec, NDManager manager) {
        requireKnown(spec.architecture());
        return FACTORIES.get(spec.architecture()).apply(spec, manager);
    }
}
