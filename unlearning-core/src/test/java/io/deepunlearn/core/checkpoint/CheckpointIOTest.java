package io.deepunlearn.core.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.util.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointIOTest {

    private static final ModelSpec SPEC = new ModelSpec("small-cnn", 10, 3, 32);

    @Test
    void roundTripGivesBitIdenticalOutputs(@TempDir Path dir) throws Exception {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Network net = Architectures.create(SPEC, m.newSubManager(), 1);
            NDArray x = m.randomNormal(new Shape(3, 3, 32, 32));
            net.forward(x, true); // move the BN running statistics away from their defaults
            Path file = dir.resolve("model.ckpt");
            String sha = CheckpointIO.save(net, Map.of("dataset", "synthetic", "seed", 1), file);
            assertThat(sha).isEqualTo(Hashing.sha256(file));

            Checkpoint ck = CheckpointIO.load(file, sha);
            assertThat(ck.metadata()).containsEntry("dataset", "synthetic");
            Network loaded = ck.toNetwork(m.newSubManager());
            assertThat(loaded.forward(x, false).toFloatArray()).containsExactly(net.forward(x, false).toFloatArray());
            assertThat(loaded.param("block1.bn.running_var").value().toFloatArray())
                    .containsExactly(net.param("block1.bn.running_var").value().toFloatArray());
            // saving the loaded copy gives the same bytes
            assertThat(CheckpointIO.save(loaded, Map.of("dataset", "synthetic", "seed", 1), dir.resolve("again"))).isEqualTo(sha);
        }
    }

    @Test
    void corruptedOrMismatchingCheckpointsFailClearly(@TempDir Path dir) throws Exception {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Network net = Architectures.create(SPEC, m.newSubManager(), 1);
            Path file = dir.resolve("model.ckpt");
            String sha = CheckpointIO.save(net, Map.of(), file);
            byte[] bytes = Files.readAllBytes(file);

            byte[] flipped = bytes.clone();
            flipped[flipped.length - 5] ^= 0x40;
            Files.write(dir.resolve("flipped"), flipped);
            assertThatThrownBy(() -> CheckpointIO.load(dir.resolve("flipped")))
                    .isInstanceOf(CheckpointException.class).hasMessageContaining("corrupted");
            assertThatThrownBy(() -> CheckpointIO.load(dir.resolve("flipped"), sha))
                    .isInstanceOf(CheckpointException.class).hasMessageContaining("does not match the expected");

            Files.write(dir.resolve("short"), java.util.Arrays.copyOf(bytes, bytes.length - 100));
            assertThatThrownBy(() -> CheckpointIO.load(dir.resolve("short")))
                    .isInstanceOf(CheckpointException.class).hasMessageContaining("truncated");

            Files.writeString(dir.resolve("text"), "hello, not a checkpoint");
            assertThatThrownBy(() -> CheckpointIO.load(dir.resolve("text")))
                    .isInstanceOf(CheckpointException.class).hasMessageContaining("magic");

            Network other = Architectures.create(new ModelSpec("small-cnn", 5, 3, 32), m.newSubManager(), 1);
            Checkpoint ck = CheckpointIO.load(file);
            assertThatThrownBy(() -> ck.loadInto(other))
                    .isInstanceOf(CheckpointException.class).hasMessageContaining("numClasses=5");
        }
    }
}
