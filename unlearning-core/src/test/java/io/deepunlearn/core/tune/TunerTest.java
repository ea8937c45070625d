package io.deepunlearn.core.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.core.method.HyperParameters;
import io.deepunlearn.core.train.ProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TunerTest {

    @TempDir
    Path dir;

    private static Tuner.Settings settings(String sampler, int trials, List<Integer> seeds) {
        return new Tuner.Settings(seeds, trials, sampler, 10, Map.of("dataset", "toy"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nsga3", "random"})
    void findsTheKnownOptimumOfAToyObjective(String sampler) throws Exception {
        ToyProblem toy = new ToyProblem();
        TrialSelection.Result r = new Tuner(toy, settings(sampler, 300, List.of(0)), dir, toy, ProgressListener.NONE).run();

        assertThat(toy.calls).isEqualTo(300);
        Map<String, Object> best = r.best().hyperparameters();
        assertThat((double) best.get("optimizer.learning_rate")).as("lr near 1e-3").isBetween(5e-4, 2e-3);
        assertThat(best.get("batch_size")).isEqualTo(128);
        assertThat((int) best.get("num_epochs")).isBetween(6, 8);
        assertThat(best.get("optimizer.momentum")).as("fixed dimensions decode to their value").isEqualTo(0.9);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("best.json").toFile());
        assertThat(json.get("method").asText()).isEqualTo("FT");
        assertThat(json.get("trials").asInt()).isEqualTo(300);
        assertThat(json.get("objectives")).hasSize(4);
        assertThat(json.get("hyperparameters").get("batch_size").asInt()).isEqualTo(128);
        assertThat(json.get("sampler").asText()).isEqualTo(sampler);
        assertThat(Files.readAllLines(dir.resolve("trials.jsonl"))).hasSize(300);
    }

    @Test
    void nsga3ImprovesOnItsInitialRandomPopulation() {
        ToyProblem toy = new ToyProblem();
        new Tuner(toy, settings("nsga3", 120, List.of(3)), dir, toy, ProgressListener.NONE).run();
        List<Trial> trials = new TrialStore(dir.resolve("trials.jsonl")).study(3);
        int population = Nsga3Sampler.population(Nsga3Sampler.divisions(120));
        double initialMean = trials.subList(0, population).stream().mapToDouble(Trial::score).average().orElseThrow();
        double lastMean = trials.subList(120 - population, 120).stream().mapToDouble(Trial::score).average().orElseThrow();
        assertThat(lastMean).as("the last generation is better on average than the random first one")
                .isLessThan(initialMean * 0.9);
    }

    /** An interruption in the middle of a study, as a kill would leave it (not a failed trial). */
    static final class Interrupted extends Error {
    }

    @ParameterizedTest
    @ValueSource(strings = {"nsga3", "random"})
    void resumingAfterAnInterruptionContinuesTheTrialCountAndTheSameSearch(String sampler) {
        Path uninterrupted = dir.resolve("uninterrupted");
        ToyProblem reference = new ToyProblem();
        new Tuner(reference, settings(sampler, 30, List.of(0, 1)), uninterrupted, reference, ProgressListener.NONE).run();

        Path resumed = dir.resolve("resumed");
        ToyProblem toy = new ToyProblem();
        TrialEvaluator crashing = (seed, hp) -> {
            if (seed == 1 && toy.calls >= 30 + 12) {
                throw new Interrupted();
            }
            return toy.evaluate(seed, hp);
        };
        assertThatThrownBy(() -> new Tuner(toy, settings(sampler, 30, List.of(0, 1)), resumed, crashing,
                ProgressListener.NONE).run()).isInstanceOf(Interrupted.class);
        TrialStore store = new TrialStore(resumed.resolve("trials.jsonl"));
        assertThat(store.study(0)).hasSize(30);
        assertThat(store.study(1)).hasSize(12);
        assertThat(resumed.resolve("best.json")).doesNotExist();

        ToyProblem again = new ToyProblem();
        TrialSelection.Result r = new Tuner(again, settings(sampler, 30, List.of(0, 1)), resumed, again,
                ProgressListener.NONE).run();
        assertThat(again.calls).as("only the missing trials run").isEqualTo(18);
        assertThat(store.study(1)).extracting(Trial::number).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 30).boxed().toList());
        assertThat(r.trials()).isEqualTo(60);
        List<Trial> expected = new TrialStore(uninterrupted.resolve("trials.jsonl")).study(1);
        assertThat(store.study(1)).extracting(Trial::hyperparameters).as("same proposals as an uninterrupted search")
                .containsExactlyElementsOf(expected.stream().map(Trial::hyperparameters).toList());

        ToyProblem more = new ToyProblem();
        new Tuner(more, settings(sampler, 40, List.of(0, 1)), resumed, more, ProgressListener.NONE).run();
        assertThat(more.calls).as("a larger budget extends both studies").isEqualTo(20);
    }

    @Test
    void failedTrialsAreLoggedWithTheirErrorAndNeverSelected() {
        ToyProblem toy = new ToyProblem();
        TrialEvaluator flaky = (seed, hp) -> {
            if (hp.getInt("batch_size") == 128) {
                throw new IllegalStateException("out of memory at batch 128");
            }
            return toy.evaluate(seed, hp);
        };
        TrialSelection.Result r = new Tuner(toy, settings("random", 40, List.of(0)), dir, flaky, ProgressListener.NONE).run();
        List<Trial> trials = new TrialStore(dir.resolve("trials.jsonl")).study(0);
        List<Trial> failed = trials.stream().filter(t -> !t.ok()).toList();
        assertThat(failed).isNotEmpty().allSatisfy(t -> {
            assertThat(t.error()).contains("out of memory at batch 128");
            assertThat(t.score()).isInfinite();
            assertThat(t.objectives()).isNull();
        });
        assertThat(r.perSeed().get(0).failed()).isEqualTo(failed.size());
        assertThat(r.best().hyperparameters().get("batch_size")).isNotEqualTo(128);
    }

    @Test
    void everyTrialFailingIsAnErrorWithoutBestJson() {
        ToyProblem toy = new ToyProblem();
        TrialEvaluator broken = (seed, hp) -> {
            throw new IllegalStateException("boom");
        };
        assertThatThrownBy(() -> new Tuner(toy, settings("random", 3, List.of(0)), dir, broken, ProgressListener.NONE).run())
                .hasMessageContaining("every trial of FT failed");
        assertThat(dir.resolve("best.json")).doesNotExist();
    }

    @Test
    void refusesToMixALogWithAnotherConfiguration() {
        ToyProblem toy = new ToyProblem();
        new Tuner(toy, settings("random", 2, List.of(0)), dir, toy, ProgressListener.NONE).run();
        Tuner other = new Tuner(toy, new Tuner.Settings(List.of(0), 2, "random", 10, Map.of("dataset", "mnist")), dir,
                toy, ProgressListener.NONE);
        assertThatThrownBy(other::run).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds a search with other settings");
        assertThatThrownBy(() -> new Tuner.Settings(List.of(0), 2, "grid", 10, Map.of()))
                .hasMessageContaining("unknown sampler 'grid'");
    }

    @Test
    void toyOptimumIsWhereTheObjectivesVanish() {
        ToyProblem toy = new ToyProblem();
        HyperParameters optimum = toy.defaults().with("optimizer.learning_rate", (Object) 1e-3)
                .with("batch_size", (Object) 128).with("num_epochs", (Object) 7);
        assertThat(TuningObjectives.score(toy.evaluate(0, optimum).objectives())).isZero();
    }
}
