package io.deepunlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.core.checkpoint.CheckpointIO;
import io.deepunlearn.core.util.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    @Test
    void trainsOnSyntheticDataAndWritesCheckpointMetricsAndSplits(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        CliRunner r = CliRunner.run("train", "--dataset", "synthetic", "--train-size", "300", "--test-size", "100",
                "--epochs", "1", "--batch-size", "32", "--out", out.toString(), "--no-progress");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertThat(metrics.get("test_accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(metrics.get("train_seconds").asDouble()).isPositive();
        assertThat(metrics.get("train_samples").asInt()).isEqualTo(255); // 300 - 15 % val
        String sha = metrics.get("checkpoint_sha256").asText();
        assertThat(Hashing.sha256(out.resolve("checkpoint.ckpt"))).isEqualTo(sha);
        assertThat(Files.readString(out.resolve("checkpoint.sha256"))).startsWith(sha);
        assertThat(CheckpointIO.load(out.resolve("checkpoint.ckpt"), sha).metadata()).containsEntry("role", "original");
        assertThat(out.resolve("splits/forget.npy")).exists();
    }

    @Test
    void badInputGivesOneLineErrorAndExitCode2(@TempDir Path dir) {
        String outDir = dir.resolve("x").toString();
        CliRunner unknownDataset = CliRunner.run("train", "--dataset", "imagenet", "--out", outDir);
        assertThat(unknownDataset.exitCode()).isEqualTo(2);
        assertThat(unknownDataset.err()).contains("unknown dataset 'imagenet'").doesNotContain("\tat ");

        CliRunner unknownArch = CliRunner.run("train", "--dataset", "synthetic", "--arch", "vgg", "--out", outDir);
        assertThat(unknownArch.exitCode()).isEqualTo(2);
        assertThat(unknownArch.err()).contains("unknown architecture 'vgg'");

        CliRunner badNumber = CliRunner.run("train", "--dataset", "synthetic", "--epochs", "ten", "--out", outDir);
        assertThat(badNumber.exitCode()).isEqualTo(2);
        assertThat(badNumber.err()).contains("'ten' is not an int");

        CliRunner negative = CliRunner.run("train", "--dataset", "synthetic", "--epochs", "0", "--out", outDir);
        assertThat(negative.exitCode()).isEqualTo(2);
        assertThat(negative.err()).contains("epochs must be >= 1").doesNotContain("\tat ");

        CliRunner missingOut = CliRunner.run("train", "--dataset", "synthetic");
        assertThat(missingOut.exitCode()).isEqualTo(2);
        assertThat(missingOut.err()).contains("Missing required option: '--out=DIR'");
    }

    @Test
    void everyCommandHasHelp() {
        String[] commands = {"train", "bench", "tune", "ulira", "up", "demo", "loadtest"};
        for (String cmd : commands) {
            CliRunner r = CliRunner.run(cmd, "--help");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("Usage: deepunlearn " + cmd);
        }
        // one entry point lists them all, the pipeline commands included
        assertThat(CliRunner.run("--help").out()).contains(commands);
    }
}
