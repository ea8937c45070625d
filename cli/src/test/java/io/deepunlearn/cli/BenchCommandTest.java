package io.deepunlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow") // not in the fast tier (-Pfast): trains references and runs benchmarks
class BenchCommandTest {

    @TempDir
    static Path dir;
    static CliRunner quick;

    @BeforeAll
    static void runQuickBenchmark() {
        quick = CliRunner.run("bench", "--quick", "--methods", "FT", "--out", dir.resolve("out").toString(),
                "--cache-dir", dir.resolve("cache").toString(), "--set", "FT.num_epochs=1", "--no-progress");
    }

    @Test
    void writesResultsWithRunsAndRankedSummary() throws Exception {
        assertThat(quick.exitCode()).as(quick.err()).isZero();
        JsonNode results = new ObjectMapper().readTree(dir.resolve("out/results.json").toFile());
        assertThat(results.get("runs")).hasSize(3);
        JsonNode ft = results.get("runs").get(2);
        assertThat(ft.get("method").asText()).isEqualTo("FT");
        for (String field : new String[] {"retain_accuracy", "forget_accuracy", "val_accuracy", "test_accuracy", "mia",
            "indiscernibility", "seconds"}) {
            assertThat(ft.get(field).isNumber()).as(field).isTrue();
        }
        assertThat(ft.get("hyperparameters").get("num_epochs").asInt()).as("--set applied").isEqualTo(1);
        JsonNode summary = results.get("summary");
        assertThat(summary).hasSize(3);
        for (JsonNode row : summary) {
            assertThat(row.has("ret_dev")).isTrue();
            assertThat(row.get("rank").isInt()).isTrue();
        }
        assertThat(summary.get(0).get("method").asText()).as("the retrained model defines RetDev 0")
                .isIn("Retrain", "Original");
        assertThat(results.get("environment").get("engine").asText()).startsWith("PyTorch");
        assertThat(results.get("config").get("seeds").get(0).asInt()).isZero();
        // FT's row, flagged with a dagger when it scores no better than the Original (as FT can on --quick data)
        assertThat(dir.resolve("out/leaderboard.md")).content().containsPattern("\\| FT( †)?( ‡)? \\|");
        assertThat(dir.resolve("out/leaderboard.csv")).content().startsWith("dataset,arch,rank,method");
        assertThat(dir.resolve("out/splits/synthetic/forget.npy")).exists();
    }

    @Test
    void reusesCachedReferenceModels() {
        CliRunner again = CliRunner.run("bench", "--quick", "--methods", "FT", "--out", dir.resolve("out2").toString(),
                "--cache-dir", dir.resolve("cache").toString(), "--no-progress");
        assertThat(again.exitCode()).isZero();
        assertThat(dir.resolve("out2/results.json")).content()
                .as("Retrain time comes from the cache").contains("\"method\" : \"Retrain\"");
    }

    @Test
    void resumesAnInterruptedCampaignAndRefusesToMixCampaigns() throws Exception {
        Path runs = dir.resolve("out/runs.jsonl");
        long lines = Files.readAllLines(runs).size();
        assertThat(lines).isEqualTo(3);
        String results = Files.readString(dir.resolve("out/results.json"));
        CliRunner again = CliRunner.run("bench", "--quick", "--methods", "FT", "--out", dir.resolve("out").toString(),
                "--cache-dir", dir.resolve("cache").toString(), "--set", "FT.num_epochs=1", "--no-progress");
        assertThat(again.exitCode()).isZero();
        assertThat(Files.readAllLines(runs)).as("nothing re-run").hasSize(3);
        assertThat(Files.readString(dir.resolve("out/results.json"))).contains("\"method\" : \"FT\"");
        assertThat(results).contains("\"method\" : \"FT\"");

        CliRunner other = CliRunner.run("bench", "--quick", "--methods", "FT", "--out", dir.resolve("out").toString(),
                "--cache-dir", dir.resolve("cache").toString(), "--set", "FT.num_epochs=2", "--no-progress");
        assertThat(other.exitCode()).isEqualTo(2);
        assertThat(other.err()).contains("holds the runs of another campaign");
    }

    @Test
    void reportOnlyRewritesTheReportsFromTheRecordedRunsWithoutRunningAnything() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode ran = json.readTree(dir.resolve("out/results.json").toFile());
        Path copy = Files.createDirectories(dir.resolve("report-only"));
        for (String f : new String[] {"runs.jsonl", "campaign.txt"}) {
            Files.copy(dir.resolve("out").resolve(f), copy.resolve(f));
        }
        CliRunner report = CliRunner.run("bench", "--quick", "--methods", "FT", "--out", copy.toString(),
                "--cache-dir", dir.resolve("no-cache").toString(), "--set", "FT.num_epochs=1", "--report-only");
        assertThat(report.exitCode()).as(report.err()).isZero();
        assertThat(dir.resolve("no-cache")).as("nothing trained").doesNotExist();
        JsonNode rebuilt = json.readTree(copy.resolve("results.json").toFile());
        assertThat(rebuilt.get("runs")).isEqualTo(ran.get("runs"));
        assertThat(rebuilt.get("summary")).isEqualTo(ran.get("summary"));
        assertThat(rebuilt.get("datasets")).isEqualTo(ran.get("datasets"));
        assertThat(copy.resolve("leaderboard.md")).content().doesNotContain("partial");
        assertThat(Files.readString(copy.resolve("runs.jsonl"))).isEqualTo(Files.readString(dir.resolve("out/runs.jsonl")));

        CliRunner none = CliRunner.run("bench", "--quick", "--methods", "FT", "--out", dir.resolve("empty").toString(),
                "--report-only");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("holds no campaign");
        assertThat(dir.resolve("empty/campaign.txt")).doesNotExist();
        CliRunner other = CliRunner.run("bench", "--quick", "--methods", "FT", "--out", copy.toString(), "--report-only");
        assertThat(other.exitCode()).as("FT.num_epochs differs: another campaign").isEqualTo(2);
    }

    @Test
    void reportOnlyOnAnUnfinishedCampaignReportsTheFinishedSeedsAndSaysWhichAreMissing() throws Exception {
        Path out = dir.resolve("two-seeds");
        CliRunner two = CliRunner.run("bench", "--quick", "--methods", "FT", "--seed-list", "0,1", "--out",
                out.toString(), "--cache-dir", dir.resolve("cache").toString(), "--set", "FT.num_epochs=1",
                "--no-progress");
        assertThat(two.exitCode()).as(two.err()).isZero();
        // seed 1's FT run never finished: the campaign was stopped after its references
        java.util.List<String> lines = Files.readAllLines(out.resolve("runs.jsonl"));
        assertThat(lines).hasSize(6);
        assertThat(lines.get(5)).contains("\"method\":\"FT\"", "\"seed\":1");
        Files.write(out.resolve("runs.jsonl"), lines.subList(0, 5));
        CliRunner report = CliRunner.run("bench", "--quick", "--methods", "FT", "--seed-list", "0,1", "--out",
                out.toString(), "--set", "FT.num_epochs=1", "--report-only");
        assertThat(report.exitCode()).as(report.err()).isZero();
        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(results.get("runs")).hasSize(3);
        results.get("runs").forEach(r -> assertThat(r.get("seed").asInt()).isZero());
        assertThat(out.resolve("leaderboard.md")).content()
                .contains("Seeds [0] — partial: the campaign's seeds [0, 1]; unfinished, not in this report: [1]");
        assertThat(out.resolve("report.html")).content().contains("partial");
    }

    @Test
    void rejectsUnknownMethodsAndBadOverrides() {
        assertThat(CliRunner.run("bench", "--quick", "--methods", "XYZ", "--out", dir.resolve("bad").toString()).err())
                .contains("unknown method 'XYZ'");
        CliRunner bad = CliRunner.run("bench", "--quick", "--methods", "FT", "--set", "FT.nope=1", "--out",
                dir.resolve("bad").toString());
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("FT has no hyperparameter 'nope'");
        CliRunner regime = CliRunner.run("bench", "--regime", "huge", "--methods", "FT", "--out", dir.resolve("bad").toString());
        assertThat(regime.exitCode()).isEqualTo(2);
        assertThat(regime.err()).contains("unknown regime 'huge'", "paper");
        assertThat(CliRunner.run("bench", "--regime", "paper", "--quick", "--out", dir.resolve("bad").toString()).err())
                .contains("--regime and --quick exclude each other");
    }

    /** Opens report.html in headless Chromium and checks that every plot decoded (naturalWidth > 0). */
    @Test
    void reportRendersInHeadlessChromium() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assumeThat(Files.isExecutable(chromium)).as("chromium is not installed (./test installs it)").isTrue();
        Path report = dir.resolve("out/report.html");
        Path profile = Files.createTempDirectory("chromium-profile");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", report.toUri().toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(dom).contains("data-images-rendered=\"3\"").containsPattern("<td>FT( †)?( ‡)?</td>");
    }
}
