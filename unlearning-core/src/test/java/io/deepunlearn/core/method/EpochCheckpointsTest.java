package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.core.model.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EpochCheckpointsTest {

    private static void roundTrip(boolean onDisk) {
        MethodFixture f = MethodFixture.shared();
        Path dir;
        try (Network net = f.original.copy(); EpochCheckpoints ckpts = EpochCheckpoints.create(onDisk, "NG+")) {
            dir = ckpts.directory();
            var original = MethodAssertions.parameters(net);
            ckpts.save(net, 1);
            net.param("fc.bias").value().addi(1f);
            ckpts.save(net, 2);
            if (onDisk) {
                assertThat(dir).isDirectory();
                assertThat(dir.resolve("epoch-1.ckpt")).isRegularFile();
            }
            ckpts.restore(1, net);
            MethodAssertions.assertSameValues(MethodAssertions.parameters(net), original);
        }
        if (onDisk) {
            assertThat(Files.exists(dir)).as("temporary checkpoints deleted").isFalse();
        } else {
            assertThat(dir).isNull();
        }
    }

    @Test
    void restoresAnEarlierEpochFromDiskAndDeletesTheFiles() {
        roundTrip(true);
    }

    @Test
    void restoresAnEarlierEpochFromMemory() {
        roundTrip(false);
    }
}
