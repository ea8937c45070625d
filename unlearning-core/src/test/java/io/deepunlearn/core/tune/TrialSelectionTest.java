package io.deepunlearn.core.tune;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialSelectionTest {

    @TempDir
    Path dir;

    private static Trial ok(int seed, int number, double... objectives) {
        return new Trial(seed, number, Trial.OK, new double[] {0.5}, Map.of("num_epochs", number + 1), objectives,
                Map.of(), 1.0, null);
    }

    private static Trial failed(int seed, int number) {
        return new Trial(seed, number, Trial.FAILED, new double[] {0.5}, Map.of("num_epochs", 1), null, Map.of(), 1.0,
                "java.lang.IllegalStateException: boom");
    }

    @Test
    void bestPerSeedByL2NormThenBestAcrossSeedsWithinTheTrialBudget() {
        List<Trial> trials = List.of(
                ok(0, 0, 0.3, 0.0, 0.0, 0.4),   // 0.5
                ok(0, 1, 0.1, 0.1, 0.1, 0.1),   // 0.2  <- seed 0 best
                failed(0, 2),
                ok(1, 0, 0.0, 0.0, 0.0, 0.3),   // 0.3  <- seed 1 best
                ok(1, 1, 0.2, 0.2, 0.2, 0.2),   // 0.4
                ok(1, 2, 0.0, 0.0, 0.0, 0.01)); // beyond a budget of 2 trials per seed: ignored
        TrialSelection.Result r = TrialSelection.select(trials, 2);
        assertThat(r.trials()).isEqualTo(4);
        assertThat(r.perSeed()).extracting(s -> s.best().number()).containsExactly(1, 0);
        assertThat(r.best().seed()).isZero();
        assertThat(r.best().number()).isEqualTo(1);
        assertThat(r.best().score()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-12));

        TrialSelection.Result all = TrialSelection.select(trials, 3);
        assertThat(all.perSeed().get(0).failed()).isEqualTo(1);
        assertThat(all.best().seed()).as("with 3 trials per seed, seed 1's trial 2 wins").isEqualTo(1);
        assertThat(all.best().number()).isEqualTo(2);
    }

    @Test
    void writesBestJsonWithPerSeedDetails() throws Exception {
        TrialSelection.Result r = TrialSelection.select(List.of(ok(0, 0, 0.1, 0, 0, 0), failed(1, 0)), 5);
        Path file = dir.resolve("best.json");
        TrialSelection.writeBest(file, "FT", r, Map.of("dataset", "synthetic"));
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("method").asText()).isEqualTo("FT");
        assertThat(json.get("hyperparameters").get("num_epochs").asInt()).isEqualTo(1);
        assertThat(json.get("objectives").get(0).asDouble()).isEqualTo(0.1);
        assertThat(json.get("trials").asInt()).isEqualTo(2);
        assertThat(json.get("dataset").asText()).isEqualTo("synthetic");
        assertThat(json.get("per_seed")).hasSize(2);
        assertThat(json.get("per_seed").get(1).get("failed").asInt()).isEqualTo(1);
        assertThat(json.get("per_seed").get(1).has("best_trial")).isFalse();
    }

    @Test
    void trialLogSurvivesALineCutShortByACrash() throws Exception {
        TrialStore store = new TrialStore(dir.resolve("trials.jsonl"));
        store.append(ok(0, 0, 0.1, 0.1, 0.1, 0.1));
        Files.writeString(store.file(), "{\"seed\":0,\"trial\":1,\"sta", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        store.append(failed(0, 1));
        List<Trial> read = store.study(0);
        assertThat(read).hasSize(2);
        assertThat(read.get(0).objectives()).containsExactly(0.1, 0.1, 0.1, 0.1);
        assertThat(read.get(0).hyperparameters()).containsEntry("num_epochs", 1);
        assertThat(read.get(1).ok()).isFalse();
        assertThat(read.get(1).error()).contains("boom");
    }
}
