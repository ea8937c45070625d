package io.deepunlearn.localstack;

import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.ShadowStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model that memorises, so that an audit has something to detect (docs/ulira.md, "Measured"): the synthetic
 * images, 400 of them (340 trained on, 60 held out, the seeded split), the small CNN for 30 epochs of batch 32 at
 * learning rate 0.05. It fits its 10 % random labels, which only memorisation can do, and U-LiRA sees it (AUC of the
 * trained-on against held-out samples about 0.67 with 4 shadows); minutes on 2 shared cores. Used by {@code demo
 * --memorising} and the pipeline-e2e audit test.
 */
public final class MemorisingModel {

    private MemorisingModel() {
    }

    /** The body of {@code POST /api/v1/training-jobs}. */
    public static Map<String, Object> job(String modelId) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("modelId", modelId);
        job.put("dataset", "synthetic");
        job.put("trainLimit", 400);
        job.put("testLimit", 100);
        job.put("architecture", "small-cnn");
        job.put("epochs", 30);
        job.put("batchSize", 32);
        job.put("learningRate", 0.05);
        return job;
    }

    /**
     * Waits until a shadow generation of {@code modelId} has {@code count} shadow models (the auditor requests them
     * when the model is published; the trainer trains them one after another) and returns them: an audit before
     * that has no U-LiRA figures.
     */
    public static List<ModelManifest> awaitShadows(ShadowStore shadows, String modelId, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (int g : shadows.generations(modelId)) {
                List<ModelManifest> set = shadows.shadows(modelId, g);
                if (set.size() >= count) {
                    return set;
                }
            }
            ServiceProcess.sleep(2000);
        }
        throw new IllegalStateException("no generation of " + count + " shadow models of " + modelId + " within " + timeout);
    }
}
