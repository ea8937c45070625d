package io.deepunlearn.core.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.model.Network;

/** Runs a network in eval mode over a dataset with plain, unshuffled batches and collects its logits. */
public final class Evaluator {

    public static final int DEFAULT_BATCH = 512;

    private Evaluator() {
    }

    public static Predictions predict(Network net, TensorDataset data) {
        return predict(net, data, DEFAULT_BATCH);
    }

    public static Predictions predict(Network net, TensorDataset data, int batchSize) {
        io.deepunlearn.core.engine.Engines.noGradOnThisThread();
        int c = net.spec().numClasses();
        float[] logits = new float[data.size() * c];
        int offset = 0;
        Loader loader = Loader.plain(data, batchSize);
        try (NDManager scope = net.manager().newSubManager()) {
            for (Batch b : loader.epoch(scope, 0)) {
                try (NDManager step = scope.newSubManager()) {
                    b.x().attach(step);
                    b.y().attach(step);
                    NDArray out = net.forward(b.x(), false);
                    float[] chunk = out.toFloatArray();
                    System.arraycopy(chunk, 0, logits, offset, chunk.length);
                    offset += chunk.length;
                }
            }
        }
        return new Predictions(logits, data.labels(), c);
    }

    public static double accuracy(Network net, TensorDataset data) {
        return predict(net, data).accuracy();
    }
}
