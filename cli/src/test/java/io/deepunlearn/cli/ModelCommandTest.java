package io.deepunlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.checkpoint.Checkpoint;
import io.deepunlearn.core.checkpoint.CheckpointIO;
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

/** {@code model export} then {@code model import}: exact values, reproducible files, one-line errors. */
class ModelCommandTest {

    @Test
    void exportThenImportGivesTheSameWeightsAndTheSameFileAgain(@TempDir Path dir) throws Exception {
        Path original = dir.resolve("original/checkpoint.ckpt");
        try (NDManager m = Engines.pytorch().newBaseManager();
             Network net = Architectures.create(new ModelSpec("small-cnn", 5, 3, 16), m.newSubManager(), 7)) {
            CheckpointIO.save(net, Map.of("role", "original"), original);
        }
        Path weights = dir.resolve("model.safetensors");
        CliRunner export = CliRunner.run("model", "export", "--checkpoint", original.getParent().toString(),
                "--out", weights.toString());
        assertThat(export.exitCode()).as(export.err()).isZero();

        Path imported = dir.resolve("imported");
        CliRunner imp = CliRunner.run("model", "import", "--arch", "small-cnn", "--weights", weights.toString(),
                "--image-size", "16", "--dataset", "synthetic", "--out", imported.toString());
        assertThat(imp.exitCode()).as(imp.err()).isZero();
        String sha = Hashing.sha256(imported.resolve("checkpoint.ckpt"));
        assertThat(Files.readString(imported.resolve("checkpoint.sha256"))).startsWith(sha);
        Checkpoint back = CheckpointIO.load(imported.resolve("checkpoint.ckpt"), sha);
        Checkpoint before = CheckpointIO.load(original);
        assertThat(back.spec()).isEqualTo(before.spec());
        assertThat(back.payloadSha256()).isEqualTo(before.payloadSha256()); // every value bit-identical
        assertThat(back.metadata()).containsEntry("role", "imported").containsEntry("dataset", "synthetic")
                .containsEntry("source_file", "model.safetensors").containsEntry("source_sha256", Hashing.sha256(weights));

        Path again = dir.resolve("again.safetensors");
        assertThat(CliRunner.run("model", "export", "--checkpoint", imported.resolve("checkpoint.ckpt").toString(),
                "--out", again.toString()).exitCode()).isZero();
        assertThat(Hashing.sha256(again)).isEqualTo(Hashing.sha256(weights));
    }

    @Test
    void badInputGivesOneLineErrorsAndExitCode2(@TempDir Path dir) throws Exception {
        Path ckptDir = dir.resolve("ckpt");
        try (NDManager m = Engines.pytorch().newBaseManager();
             Network net = Architectures.create(new ModelSpec("small-cnn", 3, 3, 16), m.newSubManager(), 1)) {
            CheckpointIO.save(net, Map.of(), ckptDir.resolve("checkpoint.ckpt"));
        }
        Path weights = dir.resolve("w.safetensors");
        assertThat(CliRunner.run("model", "export", "--checkpoint", ckptDir.toString(), "--out", weights.toString())
                .exitCode()).isZero();

        CliRunner wrongArch = CliRunner.run("model", "import", "--arch", "resnet18", "--weights", weights.toString(),
                "--out", dir.resolve("x").toString());
        assertThat(wrongArch.exitCode()).isEqualTo(2);
        assertThat(wrongArch.err()).contains("does not match resnet18: missing 100 tensors: conv1.weight")
                .contains("unexpected 18 tensors: block1.conv.weight, block1.bn.weight").doesNotContain("\tat ");

        CliRunner unknownArch = CliRunner.run("model", "import", "--arch", "vgg", "--weights", weights.toString(),
                "--out", dir.resolve("x").toString());
        assertThat(unknownArch.exitCode()).isEqualTo(2);
        assertThat(unknownArch.err()).contains("unknown architecture 'vgg'");

        CliRunner noFile = CliRunner.run("model", "import", "--arch", "small-cnn", "--weights",
                dir.resolve("absent.safetensors").toString(), "--out", dir.resolve("x").toString());
        assertThat(noFile.exitCode()).isEqualTo(2);
        assertThat(noFile.err()).contains("absent.safetensors is not a file");

        Files.writeString(dir.resolve("junk.safetensors"), "definitely not safetensors");
        CliRunner junk = CliRunner.run("model", "import", "--arch", "small-cnn", "--weights",
                dir.resolve("junk.safetensors").toString(), "--out", dir.resolve("x").toString());
        assertThat(junk.exitCode()).isEqualTo(2);
        assertThat(junk.err()).contains("junk.safetensors: not a safetensors file");

        CliRunner notCkpt = CliRunner.run("model", "export", "--checkpoint", weights.toString(), "--out",
                dir.resolve("y.safetensors").toString());
        assertThat(notCkpt.exitCode()).isEqualTo(2);
        assertThat(notCkpt.err()).contains("not a DeepUnlearn checkpoint");

        CliRunner missing = CliRunner.run("model", "import", "--arch", "small-cnn", "--out", dir.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required option: '--weights=FILE'");
    }

    @Test
    void helpListsBothSubcommands() {
        CliRunner r = CliRunner.run("model", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("import").contains("export");
        assertThat(CliRunner.run("--help").out()).contains("model");
    }
}
