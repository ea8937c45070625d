package io.deepunlearn.pipeline.ml;

import ai.djl.pytorch.jni.JniUtils;
import io.deepunlearn.core.engine.Engines;

/**
 * PyTorch's autograd mode is per thread and on by default; DJL switches it off only on the thread that starts the
 * engine, and a GradientCollector restores the previous mode when it closes. The ML core's optimisers update
 * weights in place outside the collector, which PyTorch refuses on a leaf tensor while grad mode is on ("a leaf
 * Variable that requires grad is being used in an in-place operation"). Service worker threads therefore switch
 * it off before any training, evaluation or unlearning.
 */
public final class TorchThreads {

    private TorchThreads() {
    }

    public static void prepareCurrentThread() {
        Engines.pytorch();
        JniUtils.setGradMode(false);
    }
}
