package io.deepunlearn.core.interop;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.checkpoint.Checkpoint;
import io.deepunlearn.core.checkpoint.CheckpointException;
import io.deepunlearn.core.checkpoint.CheckpointIO;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model version as a PyTorch model server loads it: the checkpoint's tensors as safetensors under the PyTorch
 * {@code state_dict()} names (torchvision's for resnet18), with BatchNorm's {@code num_batches_tracked}, so
 * {@code model.load_state_dict(load_file(path), strict=True)} accepts it (docs/integration.md). The same checkpoint
 * always gives the same bytes. Used by the trainer's {@code GET /weights} and by every release (the
 * {@code model.safetensors} beside a released checkpoint).
 */
public final class ServingExport {

    private ServingExport() {
    }

    /** The exported file and the network it holds (what a server builds before loading it). */
    public record Exported(byte[] safetensors, ModelSpec spec) {
    }

    /** The safetensors bytes of a checkpoint whose SHA-256 must be {@code sha256}. */
    public static byte[] safetensors(byte[] checkpoint, String sha256, String source) {
        return export(checkpoint, sha256, source).safetensors();
    }

    /**
     * Exports a checkpoint whose SHA-256 must be {@code sha256}. A checkpoint this process cannot rebuild (corrupt,
     * or an architecture whose extension jar is not on the classpath) is a {@link CheckpointException}.
     */
    public static Exported export(byte[] checkpoint, String sha256, String source) {
        Engines.noGradOnThisThread();
        Checkpoint ckpt = CheckpointIO.fromBytes(checkpoint, sha256, source);
        String arch = ckpt.spec().architecture();
        if (!Architectures.names().contains(arch)) {
            throw new CheckpointException(source + ": architecture '" + arch + "' is not known here (known: "
                    + String.join(", ", Architectures.names()) + ")");
        }
        Path file = null;
        try (NDManager manager = Engines.pytorch().newBaseManager();
             Network net = ckpt.toNetwork(manager.newSubManager())) {
            file = Files.createTempFile("deepunlearn-export-", ".safetensors");
            StateDictWeights.export(net, StateDictWeights.countersFrom(ckpt.metadata()), file);
            return new Exported(Files.readAllBytes(file), ckpt.spec());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export " + source, e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }
}
