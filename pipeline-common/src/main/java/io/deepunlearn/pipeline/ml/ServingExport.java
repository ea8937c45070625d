package io.deepunlearn.pipeline.ml;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.checkpoint.Checkpoint;
import io.deepunlearn.core.checkpoint.CheckpointIO;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.interop.StateDictWeights;
import io.deepunlearn.core.model.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model version as a PyTorch model server loads it: the checkpoint's tensors as safetensors under the PyTorch
 * {@code state_dict()} names (torchvision's for resnet18), with BatchNorm's {@code num_batches_tracked}, so
 * {@code model.load_state_dict(load_file(path), strict=True)} accepts it (docs/integration.md).
 */
public final class ServingExport {

    private ServingExport() {
    }

    /** The safetensors bytes of a checkpoint whose SHA-256 must be {@code sha256}. */
    public static byte[] safetensors(byte[] checkpoint, String sha256, String source) {
        Engines.noGradOnThisThread();
        Checkpoint ckpt = CheckpointIO.fromBytes(checkpoint, sha256, source);
        Path file = null;
        try (NDManager manager = Engines.pytorch().newBaseManager();
             Network net = ckpt.toNetwork(manager.newSubManager())) {
            file = Files.createTempFile("deepunlearn-export-", ".safetensors");
            StateDictWeights.export(net, StateDictWeights.countersFrom(ckpt.metadata()), file);
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export " + source, e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }
}
