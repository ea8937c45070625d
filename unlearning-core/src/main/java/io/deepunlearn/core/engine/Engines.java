package io.deepunlearn.core.engine;

import ai.djl.engine.Engine;

/**
 * Starts DJL's PyTorch engine the way this project needs it: offline (the native library comes from the
 * bundled {@code pytorch-native-*} jar, nothing is downloaded) and with an explicit thread count.
 */
public final class Engines {

    private static volatile Engine engine;

    private Engines() {
    }

    /** Initialises once; later calls return the same engine. */
    public static Engine pytorch() {
        if (engine == null) {
            synchronized (Engines.class) {
                if (engine == null) {
                    if (System.getProperty("ai.djl.offline") == null) {
                        System.setProperty("ai.djl.offline", "true");
                    }
                    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
                        System.setProperty("ai.djl.pytorch.num_threads",
                                String.valueOf(Runtime.getRuntime().availableProcessors()));
                    }
                    engine = Engine.getEngine("PyTorch");
                }
            }
        }
        return engine;
    }

    /** e.g. "PyTorch 2.7.1 (DJL 0.36.0)". */
    public static String describe() {
        Engine e = pytorch();
        return e.getEngineName() + " " + e.getVersion() + " (DJL " + Engine.getDjlVersion() + ")";
    }
}
