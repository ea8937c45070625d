package io.deepunlearn.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.localstack.PipelineClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The training job of the local commands ({@code demo}, {@code loadtest}): the small CNN on Fashion-MNIST, the
 * full set limited to a seeded subset when Debian's files are present, else the bundled 3 000-image subset.
 */
final class SmallCnnTraining {

    static final Path FULL_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz");

    private SmallCnnTraining() {
    }

    /** The job body for {@code POST /api/v1/training-jobs}. */
    static Map<String, Object> job(String modelId, int epochs, int trainLimit, int testLimit) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("modelId", modelId);
        if (Files.isRegularFile(FULL_FASHION_MNIST)) {
            job.put("dataset", "fashion-mnist");
            job.put("trainLimit", trainLimit);
            job.put("testLimit", testLimit);
        } else {
            job.put("dataset", "fashion-mnist-subset");
        }
        job.put("epochs", epochs);
        job.put("batchSize", 64);
        job.put("learningRate", 0.05);
        return job;
    }

    /** Submits the job and waits for its end; returns the job's last state (status SUCCEEDED or FAILED). */
    static JsonNode trainAndWait(PipelineClient client, Map<String, Object> job, Duration timeout) {
        PipelineClient.Reply accepted = client.train(job);
        if (accepted.status() != 202) {
            throw new IllegalStateException("training request refused: " + accepted);
        }
        return client.awaitJob(accepted.body().path("jobId").asText(), timeout);
    }
}
