package io.deepunlearn.core.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.core.checkpoint.Checkpoint;
import io.deepunlearn.core.checkpoint.CheckpointIO;
import io.deepunlearn.core.data.DataSplits;
import io.deepunlearn.core.data.DatasetBundle;
import io.deepunlearn.core.data.SyntheticDatasetProvider;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.data.TransformSpec;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.method.HyperParameters;
import io.deepunlearn.core.method.Methods;
import io.deepunlearn.core.method.UnlearningContext;
import io.deepunlearn.core.method.UnlearningData;
import io.deepunlearn.core.method.UnlearningMethod;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue-17 round trip with real PyTorch (Debian's python3-torch, /usr/bin/python3): a ResNet-18 made and
 * briefly trained in PyTorch is written as safetensors from Python, imported, gives PyTorch's logits, is
 * unlearned (FT, a few steps), exported, loaded back into torchvision's resnet18 with
 * {@code load_state_dict(strict=True)} and gives DeepUnlearn's logits there. Skipped where python3-torch is
 * absent. The Python side: src/test/resources/interop/torch_roundtrip.py.
 *
 * <p>Tolerance: the two sides run different libtorch builds (1.13 in Debian, 2.7.1 here) whose convolution
 * kernels sum in different orders, so logits agree to float32 rounding, not bit for bit: at most 1e-5 times the
 * largest logit magnitude (at least 1). Measured on the 2-core VM (torchvision 0.14.1, torch 1.13): import
 * 8.6e-6 with logits up to 14.3 (6e-7 relative), export 4.8e-6 with logits up to 16.1 (3e-7 relative); the test
 * prints its figures.
 */
@Tag("slow") // about 3 minutes on 2 cores: a ResNet-18 trained, imported, unlearned and exported
class TorchRoundTripTest {

    /** Relative tolerance on logits (times max(1, max |logit|)). */
    static final double TOLERANCE = 1e-5;
    private static final Path PYTHON = Path.of(System.getenv().getOrDefault("DEEPUNLEARN_TORCH_PYTHON", "/usr/bin/python3"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void pytorchToDeepUnlearnAndBack(@TempDir Path dir) throws Exception {
        // in the test, not @BeforeAll: surefire then counts and reports it as skipped, with this message
        assumeTrue(torchAvailable(), "PyTorch round trip skipped: " + PYTHON + " cannot import torch "
                + "(install Debian's python3-torch: apt-get install python3-torch)");
        Path script = dir.resolve("torch_roundtrip.py");
        try (InputStream in = TorchRoundTripTest.class.getResourceAsStream("/interop/torch_roundtrip.py")) {
            Files.copy(in, script);
        }
        JsonNode created = python(script, "create", dir.toString());
        Path weights = dir.resolve("model.safetensors");

        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            Engines.noGradOnThisThread();
            Map<String, NDArray> probe = SafetensorsFile.read(dir.resolve("probe.safetensors")).decode(manager);
            NDArray x = probe.get("x");
            float[] torchLogits = probe.get("logits").toFloatArray();

            // PyTorch -> DeepUnlearn: same logits
            StateDictWeights.Imported imported = StateDictWeights.importFile("resnet18", weights, 32, null, manager);
            Network net = imported.network();
            assertThat(net.spec().numClasses()).isEqualTo(10);
            assertThat(imported.numBatchesTracked()).containsEntry("bn1.num_batches_tracked", created.get("bn_batches").asLong());
            float[] ours = net.forward(x, false).toFloatArray();
            double importDiff = maxAbsDiff(ours, torchLogits);
            double bound = TOLERANCE * Math.max(1, maxAbs(torchLogits));
            assertThat(importDiff).as("import: max |logit difference| vs PyTorch").isLessThanOrEqualTo(bound);

            // through the private checkpoint format (what `model import` writes): bit-identical
            Path ckpt = dir.resolve("imported.ckpt");
            CheckpointIO.save(net, StateDictWeights.checkpointMetadata(imported, weights), ckpt);
            Checkpoint loaded = CheckpointIO.load(ckpt);
            Network fromCkpt = loaded.toNetwork(manager.newSubManager());
            assertThat(fromCkpt.forward(x, false).toFloatArray()).containsExactly(ours);

            // unlearn: FT, one epoch of a few batches on synthetic 3x32x32 data
            UnlearningMethod ft = Methods.get("FT");
            HyperParameters hp = ft.defaults().with("num_epochs", 1).with("batch_size", 16)
                    .with("optimizer.learning_rate", 0.01);
            Network unlearned = ft.unlearn(new UnlearningContext(fromCkpt, syntheticData(), 0, ProgressListener.NONE), hp);
            Engines.noGradOnThisThread();
            float[] after = unlearned.forward(x, false).toFloatArray();
            assertThat(maxAbsDiff(after, ours)).as("FT changed the model").isGreaterThan(10 * bound);

            // DeepUnlearn -> PyTorch: strict load, same logits
            Path exported = dir.resolve("unlearned.safetensors");
            StateDictWeights.export(unlearned, StateDictWeights.countersFrom(loaded.metadata()), exported);
            NDArray afterLogits = manager.create(after, new ai.djl.ndarray.types.Shape(x.getShape().get(0), 10));
            SafetensorsFile.write(Map.of("x", x, "logits", afterLogits), dir.resolve("probe-after.safetensors"));
            JsonNode checked = python(script, "check", exported.toString(), dir.resolve("probe-after.safetensors").toString());
            double exportDiff = checked.get("max_abs_diff").asDouble();
            double exportBound = TOLERANCE * Math.max(1, maxAbs(after));
            assertThat(exportDiff).as("export: max |logit difference| in PyTorch").isLessThanOrEqualTo(exportBound);
            assertThat(checked.get("bn1_num_batches_tracked").asLong()).isEqualTo(created.get("bn_batches").asLong());
            System.out.printf("torch round trip (%s, torch %s): import max|dlogit| %.3g (max|logit| %.2f), "
                    + "export max|dlogit| %.3g (max|logit| %.2f), tolerance %.0e relative%n", created.get("model").asText(),
                    created.get("torch").asText(), importDiff, maxAbs(torchLogits), exportDiff, maxAbs(after), TOLERANCE);
        }
    }

    /** 80 generated 3x32x32 images of 10 classes, split into D_r / D_f / D_val the paper's way. */
    private static UnlearningData syntheticData() {
        DatasetBundle b = new SyntheticDatasetProvider(10, 80, 10, 32, 40, 0.1, 3).load(null);
        TransformSpec t = b.transforms();
        TensorDataset pool = TensorDataset.prepare(b.train(), new TransformSpec(3, 32, t.mean(), t.std(), t.augmentation()));
        DataSplits s = DataSplits.create(pool.size(), b.test().size(), DataSplits.DEFAULT_SEED);
        return new UnlearningData(pool.subset(s.retain()), pool.subset(s.forget()), pool.subset(s.val()));
    }

    private static JsonNode python(Path script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("python " + args[0] + " failed:\n" + out);
        }
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        return JSON.readTree(last);
    }

    private static boolean torchAvailable() {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            return p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
