package io.deepunlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("slow") // not in the fast tier (-Pfast): several tuning studies, worker JVMs included
class TuneCommandTest {

    @TempDir
    static Path dir;
    static CliRunner first;

    /** A tiny real search: synthetic data, 2-epoch references, FT with E_max 1. */
    static final List<String> SCALE = List.of("--dataset", "synthetic", "--train-size", "300", "--test-size", "60",
            "--epochs", "2", "--batch-size", "64", "--lr", "0.05");

    static String[] tune(String out, String method, String... extra) {
        List<String> args = new ArrayList<>(List.of("tune", "--method", method, "--sampler", "random", "--out",
                dir.resolve(out).toString(), "--cache-dir", dir.resolve("cache").toString(), "--no-progress"));
        args.addAll(SCALE);
        args.addAll(Arrays.asList(extra));
        return args.toArray(String[]::new);
    }

    @BeforeAll
    static void runSmallSearch() {
        first = CliRunner.run(tune("search", "FT", "--trials", "2", "--seeds", "2"));
    }

    @Test
    void writesTrialLogAndBestJson() throws Exception {
        assertThat(first.exitCode()).as(first.err()).isZero();
        JsonNode best = new ObjectMapper().readTree(dir.resolve("search/best.json").toFile());
        assertThat(best.get("method").asText()).isEqualTo("FT");
        assertThat(best.get("trials").asInt()).isEqualTo(4);
        assertThat(best.get("objectives")).hasSize(4);
        assertThat(best.get("hyperparameters").get("num_epochs").asInt()).as("E_max = ceil(0.2 x 2)").isEqualTo(1);
        assertThat(best.get("per_seed")).hasSize(2);
        assertThat(best.get("dataset").asText()).isEqualTo("synthetic");
        List<String> lines = Files.readAllLines(dir.resolve("search/trials.jsonl"));
        assertThat(lines).hasSize(4);
        JsonNode trial = new ObjectMapper().readTree(lines.get(0));
        assertThat(trial.get("status").asText()).isEqualTo("ok");
        assertThat(trial.get("metrics").get("retrain_retain_accuracy").isNumber()).isTrue();
        assertThat(first.out()).contains("best score");
    }

    @Test
    void rerunningResumesAndExtendsTheSearch() throws Exception {
        assertThat(first.exitCode()).isZero();
        Path resumed = Files.createDirectories(dir.resolve("resumed"));
        for (String f : new String[] {"trials.jsonl", "study.json"}) {
            Files.copy(dir.resolve("search").resolve(f), resumed.resolve(f));
        }
        CliRunner more = CliRunner.run(tune("resumed", "FT", "--trials", "3", "--seeds", "2"));
        assertThat(more.exitCode()).as(more.err()).isZero();
        List<String> lines = Files.readAllLines(resumed.resolve("trials.jsonl"));
        assertThat(lines).as("one new trial per seed, none rerun").hasSize(6);
        assertThat(lines.subList(0, 4)).isEqualTo(Files.readAllLines(dir.resolve("search/trials.jsonl")));
        assertThat(new ObjectMapper().readTree(resumed.resolve("best.json").toFile()).get("trials").asInt()).isEqualTo(6);
        CliRunner early = CliRunner.run(tune("resumed", "FT", "--trials", "1", "--seeds", "2", "--select-only"));
        assertThat(early.exitCode()).as(early.err()).isZero();
        assertThat(Files.readAllLines(resumed.resolve("trials.jsonl"))).as("--select-only runs no trial").hasSize(6);
        JsonNode selected = new ObjectMapper().readTree(resumed.resolve("best.json").toFile());
        assertThat(selected.get("trials").asInt()).as("only the first trial of each seed").isEqualTo(2);
        assertThat(selected.get("trial").asInt()).isZero();
        CliRunner other = CliRunner.run(tune("resumed", "FT", "--trials", "3", "--seeds", "2", "--max-epochs", "3"));
        assertThat(other.exitCode()).as("a log of other settings is not mixed in").isEqualTo(2);
        assertThat(other.err()).contains("holds a search with other settings");
    }

    @Test
    void benchUsesTheTunedHyperparameters() throws Exception {
        assertThat(first.exitCode()).isZero();
        Path tunedDir = dir.resolve("tuned");
        Files.createDirectories(tunedDir.resolve("FT"));
        Files.copy(dir.resolve("search/best.json"), tunedDir.resolve("FT/best.json"));
        JsonNode best = new ObjectMapper().readTree(tunedDir.resolve("FT/best.json").toFile()).get("hyperparameters");
        List<String> args = new ArrayList<>(List.of("bench", "--methods", "FT", "--seeds", "1", "--tuned",
                tunedDir.toString(), "--out", dir.resolve("bench").toString(), "--cache-dir",
                dir.resolve("cache").toString(), "--no-progress"));
        args.addAll(SCALE); // the search's scale: its cached reference models are reused
        CliRunner bench = CliRunner.run(args.toArray(String[]::new));
        assertThat(bench.exitCode()).as(bench.err()).isZero();
        JsonNode ft = new ObjectMapper().readTree(dir.resolve("bench/results.json").toFile()).get("runs").get(2);
        assertThat(ft.get("method").asText()).isEqualTo("FT");
        for (String key : new String[] {"optimizer.learning_rate", "optimizer.weight_decay", "batch_size", "num_epochs"}) {
            assertThat(ft.get("hyperparameters").get(key).asDouble()).as(key).isEqualTo(best.get(key).asDouble());
        }
    }

    @Test
    void workerProcessesShareTheTrialLog() throws Exception {
        CliRunner parallel = CliRunner.run(tune("parallel", "FT", "--trials", "1", "--seeds", "2", "--workers", "2"));
        assertThat(parallel.exitCode()).as(parallel.err()).isZero();
        List<String> lines = Files.readAllLines(dir.resolve("parallel/trials.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(dir.resolve("parallel/worker-1.log")).as("each worker logs to its own file").exists();
        JsonNode best = new ObjectMapper().readTree(dir.resolve("parallel/best.json").toFile());
        assertThat(best.get("trials").asInt()).isEqualTo(2);
        assertThat(best.get("per_seed")).hasSize(2);
    }

    @Test
    void badInputIsAOneLineErrorWithExitCode2() {
        CliRunner unknown = CliRunner.run(tune("bad", "XYZ"));
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown method 'XYZ'").doesNotContain("\tat ");
        CliRunner sampler = CliRunner.run("tune", "--method", "FT", "--sampler", "grid");
        assertThat(sampler.exitCode()).isEqualTo(2);
        assertThat(sampler.err().strip()).isEqualTo("error: unknown sampler 'grid' (known: nsga3, random)");
        assertThat(CliRunner.run("tune", "--method", "FT", "--trials", "0").err()).contains("--trials must be >= 1");
        assertThat(CliRunner.run("tune").exitCode()).as("--method is required").isEqualTo(2);
    }

    @Test
    void helpDescribesTheOptions() {
        CliRunner help = CliRunner.run("tune", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--sampler", "--trials", "--seeds", "--workers", "best.json");
    }
}
