package io.deepunlearn.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.interop.SafetensorsFile;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.infra.Ports;
import io.deepunlearn.localstack.ByoClient;
import io.deepunlearn.localstack.LocalStack;
import io.deepunlearn.localstack.PipelineClient;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.ml.ModelCodec;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.S3Settings;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 end to end with a user's own model, data and subjects, against the three packaged services: PyTorch
 * (Debian's python3-torch) makes an NPY dataset, trains DeepUnlearn's small-cnn layout on part of it and writes
 * safetensors and a subject mapping; the dataset is uploaded and registered (s3:), the model registered as version 1
 * with its training and held-out samples, a bad mapping refused row by row, the good one imported, one real subject
 * erased through the pipeline with a receipt, and the released version exported and loaded back into PyTorch.
 *
 * <p>Tolerance: logits agree within 1e-5 times max(1, max |logit|) in both directions (DJL's libtorch 2.7.1 and
 * Debian's torch 1.13 sum convolutions in different orders; the same bound as TorchRoundTripTest). Skipped, with a
 * message, where /usr/bin/python3 cannot import torch and numpy.
 */
@Tag("e2e")
class ByoEndToEndIT {

    static final double TOLERANCE = 1e-5;
    static final String ALICE = "alice@example.com";
    static final String MODEL = "byo-e2e-model";
    static final Path PYTHON = Path.of(System.getenv().getOrDefault("DEEPUNLEARN_TORCH_PYTHON", "/usr/bin/python3"));
    static Path state;
    static LocalStack stack;
    static ObjectStore store;

    @AfterAll
    static void stop() {
        if (store != null) {
            store.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (state != null) {
            E2eStack.copyLogs(state.resolve("stack").resolve("logs"), Path.of("target", "e2e-logs-byo"));
            Ports.deleteRecursively(state);
        }
    }

    @Test
    void aPytorchModelIsRegisteredOneRealSubjectErasedAndTheResultLoadsBackIntoPytorch() throws Exception {
        assumeTrue(python("-c", "import torch, numpy").exitCode == 0, "skipped: " + PYTHON
                + " cannot import torch and numpy (apt-get install python3-torch python3-numpy)");
        state = Files.createTempDirectory("deepunlearn-byo-e2e");
        Path work = Files.createDirectories(state.resolve("user"));
        Result created = python(script().toString(), "create", work.toString());
        assertThat(created.exitCode).as(created.output).isZero();
        System.out.println("[byo-e2e] pytorch: " + created.output.trim());

        stack = E2eStack.start(state.resolve("stack"), 20010, Map.of());
        Map<String, String> urls = stack.urls();
        // authenticated as the stack's clients: the operator registers data and models, the controller erases
        PipelineClient client = stack.client();
        ByoClient byo = new ByoClient(urls.get("trainer-service"), client.tokens().operator());
        var s3 = stack.infrastructure().s3();
        store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), null));
        CheckpointStore checkpoints = new CheckpointStore(store, "models", stack.secrets().readerSettings());

        // the dataset: uploaded, validated, sealed
        PipelineClient.Reply dataset = byo.uploadDataset("byo-e2e", work.resolve("data"));
        assertThat(dataset.status()).as(String.valueOf(dataset.body())).isEqualTo(201);
        String datasetId = dataset.body().path("datasetId").asText();
        assertThat(dataset.body().path("trainSamples").asInt()).isEqualTo(180);

        // the model: version 1 of a lineage, its logits in DeepUnlearn equal PyTorch's
        PipelineClient.Reply registered = byo.registerModel(Map.of("modelId", MODEL, "architecture", "small-cnn",
                "dataset", "s3:byo-e2e", "trainSampleIds", ByoClient.readIds(work.resolve("train_ids.txt")),
                "heldOutSampleIds", ByoClient.readIds(work.resolve("held_out_ids.txt")),
                "recipe", Map.of("epochs", 2)), work.resolve("model.safetensors"));
        assertThat(registered.status()).as(String.valueOf(registered.body())).isEqualTo(201);
        ModelManifest v1 = checkpoints.manifest(MODEL, registered.body().path("version").asText());
        assertThat(v1.trainSampleIds()).hasSize(150);
        double importDiff = maxDiff(logits(checkpoints, v1, work.resolve("probe.safetensors")), torchLogits(work));
        System.out.printf("[byo-e2e] import: max |logit(DeepUnlearn) - logit(PyTorch)| = %.2e%n", importDiff);
        assertThat(importDiff).isLessThanOrEqualTo(TOLERANCE * Math.max(1, maxAbs(torchLogits(work))));

        // the subject mapping: bad rows refused with their row numbers, then the real file imported
        PipelineClient.Reply bad = byo.importSubjects(datasetId, work.resolve("bad_subjects.csv"));
        assertThat(bad.status()).isEqualTo(422);
        List<String> problems = new ArrayList<>();
        bad.body().path("errors").forEach(p -> problems.add("row " + p.path("row").asInt() + ": " + p.path("message").asText()));
        System.out.println("[byo-e2e] bad mapping refused: " + problems);
        assertThat(problems).containsExactly("row 3: sample_id is not an integer in 0.." + Integer.MAX_VALUE,
                "row 4: sample 7777 is not in dataset " + datasetId,
                "row 5: sample 5000 is already listed at row 2 (a sample belongs to one subject)",
                "row 6: subject id is empty");
        PipelineClient.Reply mapped = byo.importSubjects(datasetId, work.resolve("subjects.csv"));
        assertThat(mapped.status()).as(String.valueOf(mapped.body())).isEqualTo(201);
        assertThat(mapped.body().path("newSamples").asInt()).isEqualTo(180);

        // one real subject erased through the pipeline
        PipelineClient.Reply accepted = client.forget(Map.of("subjectId", ALICE, "modelId", MODEL));
        assertThat(accepted.status()).as(String.valueOf(accepted.body())).isEqualTo(202);
        String requestId = accepted.body().path("requestId").asText();
        JsonNode done = client.awaitRequest(requestId, Set.of(RequestStatus.PUBLISHED, RequestStatus.FAILED),
                Duration.ofMinutes(10));
        assertThat(PipelineClient.statusOf(done)).as(done.toString()).isEqualTo(RequestStatus.PUBLISHED);
        JsonNode receipt = client.awaitReceipt(requestId, Duration.ofMinutes(2));
        System.out.printf("[byo-e2e] receipt: %s, %s%n", receipt.path("outcome").asText(), receipt.path("summary").asText());
        List<Integer> alice = ByoClient.readIds(work.resolve("train_ids.txt")).subList(0, 12);
        assertThat(receipt.path("sampleHashes")).hasSize(12);
        String released = checkpoints.releasedVersion(MODEL).orElseThrow();
        ModelManifest now = checkpoints.manifest(MODEL, released);
        assertThat(now.forgottenSampleIds()).containsAll(alice);
        assertThat(now.version()).isNotEqualTo(v1.version());
        assertThat(new TombstoneStore(store, "datasets").union(datasetId)).containsAll(alice);
        for (String bucket : List.of("datasets", "models", "evidence")) {
            for (String key : store.list(bucket, "", true)) {
                assertThat(new String(store.get(bucket, key).orElseThrow(), StandardCharsets.ISO_8859_1))
                        .as(bucket + "/" + key).doesNotContain(ALICE);
            }
        }

        // out to serving: the released version as safetensors, loaded strictly by PyTorch, same logits
        ByoClient.Weights exported = byo.exportWeights(MODEL, null);
        assertThat(exported.version()).isEqualTo(released);
        // the same bytes in the bucket, where release.json points model servers (docs/integration.md section 5)
        var weights = checkpoints.released(MODEL).orElseThrow().weights();
        assertThat(weights.key()).isEqualTo("models/" + MODEL + "/versions/" + released + "/model.safetensors");
        assertThat(store.get("models", weights.key()).orElseThrow()).isEqualTo(exported.safetensors());
        Path out = work.resolve("unlearned.safetensors");
        Files.write(out, exported.safetensors());
        float[] ours = logits(checkpoints, now, work.resolve("probe.safetensors"));
        Path ourProbe = work.resolve("unlearned-probe.safetensors");
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            NDArray x = SafetensorsFile.read(work.resolve("probe.safetensors")).decode(m).get("x");
            SafetensorsFile.write(Map.of("x", x, "logits", m.create(ours, new ai.djl.ndarray.types.Shape(8, 3))), ourProbe);
        }
        Result check = python(script().toString(), "check", out.toString(), ourProbe.toString());
        assertThat(check.exitCode).as(check.output).isZero();
        JsonNode back = PipelineClient.JSON.readTree(check.output.lines().reduce((a, b) -> b).orElseThrow());
        System.out.printf("[byo-e2e] export: max |logit(PyTorch) - logit(DeepUnlearn)| = %.2e%n",
                back.path("max_abs_diff").asDouble());
        assertThat(back.path("max_abs_diff").asDouble()).isLessThanOrEqualTo(TOLERANCE * Math.max(1, maxAbs(ours)));
        assertThat(maxDiff(ours, torchLogits(work))).as("the unlearned model differs from the original").isGreaterThan(0);
    }

    /** DeepUnlearn's eval-mode logits of a stored version on the probe inputs. */
    static float[] logits(CheckpointStore checkpoints, ModelManifest m, Path probe) {
        Engines.noGradOnThisThread();
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            NDArray x = SafetensorsFile.read(probe).decode(manager).get("x");
            Network net = ModelCodec.decode(checkpoints.load(m.ref()), m.sha256(), m.checkpointKey(), manager);
            return net.forward(x, false).toFloatArray();
        }
    }

    static float[] torchLogits(Path work) {
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            return SafetensorsFile.read(work.resolve("probe.safetensors")).decode(manager).get("logits").toFloatArray();
        }
    }

    static double maxDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    static double maxAbs(float[] a) {
        double d = 0;
        for (float v : a) {
            d = Math.max(d, Math.abs(v));
        }
        return d;
    }

    record Result(int exitCode, String output) {
    }

    static Path script() throws Exception {
        Path dir = Files.createDirectories(state.resolve("py"));
        Path script = dir.resolve("byo_model.py");
        if (!Files.exists(script)) {
            try (InputStream in = ByoEndToEndIT.class.getResourceAsStream("/byo/byo_model.py")) {
                Files.copy(in, script);
            }
        }
        return script;
    }

    /** Runs the Python side with unlearning-core's safetensors reader/writer (torch_roundtrip.py) importable. */
    static Result python(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", LocalStack.findHome().resolve("unlearning-core/src/test/resources/interop").toString());
        Process p;
        try {
            p = pb.start();
        } catch (java.io.IOException e) {
            return new Result(127, e.getMessage());
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(124, output);
        }
        return new Result(p.exitValue(), output);
    }
}
