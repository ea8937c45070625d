package io.deepunlearn.core.method;

import io.deepunlearn.core.checkpoint.CheckpointIO;
import io.deepunlearn.core.model.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The per-epoch student checkpoints of BT and SCRUB. The reference writes one file per epoch inside the timed
 * call, so with {@code onDisk} (hyperparameter {@code checkpoint_each_epoch}, default true) each epoch goes to a
 * temporary file through {@link CheckpointIO#save} and the I/O counts towards RTE as it does there; otherwise the
 * same serialised bytes stay in memory. {@link #close()} deletes the temporary directory.
 */
final class EpochCheckpoints implements AutoCloseable {

    private final Path dir;
    private final Map<Integer, byte[]> inMemory = new HashMap<>();

    private EpochCheckpoints(Path dir) {
        this.dir = dir;
    }

    static EpochCheckpoints create(boolean onDisk, String method) {
        if (!onDisk) {
            return new EpochCheckpoints(null);
        }
        try {
            String prefix = "deepunlearn-" + method.replaceAll("[^A-Za-z0-9]", "") + "-";
            return new EpochCheckpoints(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary checkpoint directory", e);
        }
    }

    /** The temporary directory, or null when checkpoints stay in memory. */
    Path directory() {
        return dir;
    }

    void save(Network net, int epoch) {
        Map<String, Object> meta = Map.of("epoch", epoch);
        if (dir == null) {
            inMemory.put(epoch, CheckpointIO.toBytes(net, meta));
        } else {
            CheckpointIO.save(net, meta, file(epoch));
        }
    }

    /** Loads the checkpoint of {@code epoch} into {@code net}. */
    void restore(int epoch, Network net) {
        if (dir == null) {
            byte[] bytes = inMemory.get(epoch);
            if (bytes == null) {
                throw new IllegalStateException("no checkpoint for epoch " + epoch);
            }
            CheckpointIO.fromBytes(bytes, null, "epoch " + epoch).loadInto(net);
        } else {
            CheckpointIO.load(file(epoch)).loadInto(net);
        }
    }

    private Path file(int epoch) {
        return dir.resolve("epoch-" + epoch + ".ckpt");
    }

    @Override
    public void close() {
        inMemory.clear();
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete temporary checkpoints in " + dir, e);
        }
    }
}
