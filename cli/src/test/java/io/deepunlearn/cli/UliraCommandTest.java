package io.deepunlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow") // not in the fast tier (-Pfast): trains shadow models
class UliraCommandTest {

    @TempDir
    static Path dir;
    static CliRunner first;

    static CliRunner ulira(String out, String methods, String shadows) {
        return CliRunner.run("ulira", "--dataset", "synthetic", "--train-size", "300", "--epochs", "1", "--batch-size",
                "64", "--lr", "0.05", "--methods", methods, "--shadows", shadows, "--forget-sets", "3", "--set",
                "FT.num_epochs=1", "--out", dir.resolve(out).toString(), "--cache-dir", dir.resolve("cache").toString(),
                "--no-progress");
    }

    @BeforeAll
    static void runSmallAttack() {
        first = ulira("out", "FT,Retrain,Original", "3");
    }

    @Test
    void writesPerMethodAggregatesSamplesAndRocPlots() throws Exception {
        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(dir.resolve("out/ulira.json").toFile());
        assertThat(doc.get("methods")).extracting(m -> m.get("method").asText()).containsExactly("FT", "Retrain", "Original");
        for (JsonNode m : doc.get("methods")) {
            assertThat(m.get("models").asInt()).isEqualTo(9);
            for (String mode : new String[] {"standard", "parity"}) {
                JsonNode a = m.get(mode);
                assertThat(a.get("targets").asInt()).as(mode).isGreaterThan(20);
                assertThat(a.get("balanced_accuracy").asDouble()).isBetween(0.0, 1.0);
                assertThat(a.get("auc").asDouble()).isBetween(0.0, 1.0);
                assertThat(a.get("tpr_at_1pct_fpr").isNumber()).isTrue();
            }
        }
        assertThat(doc.get("layout").get("shadow_models_trained").asInt()).as("3 originals + 9 retrains").isEqualTo(12);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve("out/ulira-samples.json.gz")))) {
            JsonNode samples = new ObjectMapper().readTree(in).get("methods").get("FT");
            assertThat(samples).isNotEmpty();
            assertThat(samples.get(0).has("sample_id")).isTrue();
        }
        String html = Files.readString(dir.resolve("out/ulira.html"));
        assertThat(html.split("<img ", -1)).as("one ROC per method").hasSize(4);
        assertThat(first.out()).contains("FT", "balanced accuracy");
    }

    @Test
    void shadowModelsAreCachedAndReusedAcrossMethods() throws Exception {
        CliRunner again = ulira("again", "Retrain", "3");
        assertThat(again.exitCode()).as(again.err()).isZero();
        JsonNode layout = new ObjectMapper().readTree(dir.resolve("again/ulira.json").toFile()).get("layout");
        assertThat(layout.get("shadow_models_trained").asInt()).isZero();
        assertThat(layout.get("shadow_models_reused").asInt()).isEqualTo(12);
    }

    @Test
    void benchmarkReportShowsRocPlotsWhenUliraResultsArePresent() throws Exception {
        assertThat(first.exitCode()).isZero();
        CliRunner bench = CliRunner.run("bench", "--dataset", "synthetic", "--train-size", "300", "--test-size", "60",
                "--epochs", "1", "--batch-size", "64", "--lr", "0.05", "--seeds", "1", "--methods", "FT", "--set",
                "FT.num_epochs=1", "--out", dir.resolve("out").toString(), "--cache-dir", dir.resolve("cache").toString(),
                "--no-progress");
        assertThat(bench.exitCode()).as(bench.err()).isZero();
        assertThat(Files.readString(dir.resolve("out/report.html"))).contains("U-LiRA", "alt=\"ROC FT\"");
    }

    @Test
    void badInputIsAOneLineErrorWithExitCode2() {
        CliRunner one = ulira("bad", "FT", "1");
        assertThat(one.exitCode()).isEqualTo(2);
        assertThat(one.err()).contains("--shadows must be >= 2");
        CliRunner unknown = ulira("bad", "FT,XYZ", "3");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown method 'XYZ'");
        assertThat(CliRunner.run("ulira", "--help").out()).contains("--shadows", "--forget-sets", "--methods", "--regime");
        CliRunner regime = CliRunner.run("ulira", "--regime", "huge", "--methods", "FT");
        assertThat(regime.exitCode()).isEqualTo(2);
        assertThat(regime.err()).contains("unknown regime 'huge'");
    }
}
