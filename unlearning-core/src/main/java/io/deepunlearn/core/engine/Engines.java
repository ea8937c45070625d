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

    /**
     * Switches PyTorch's autograd recording off on the calling thread. Grad mode is per thread and on by default;
     * DJL turns it off only on the thread that starts the engine (a GradientCollector turns it on and restores
     * the previous mode on close). Optimisers update leaf tensors in place, which PyTorch refuses while grad mode
     * is on, and evaluation should not build graphs: both call this first, so any thread (service workers, a
     * ForkJoin pool) can train and evaluate. Never call it inside an open GradientCollector.
     */
    public static void noGradOnThisThread() {
        pytorch();
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    }

    /** e.g. "PyTorch 2.7.1 (DJL 0.36.0)". */
    public static String describe() {
        Engine e = pytorch();
        return e.getEngineName() + " " + e.getVersion() + " (DJL " + Engine.getDjlVersion() + ")";
    }
}
