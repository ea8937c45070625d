package io.deepunlearn.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.core.metric.Metric;
import io.deepunlearn.core.metric.MetricCatalogue;
import io.deepunlearn.core.metric.MetricResult;
import io.deepunlearn.core.metric.ModelPredictions;
import io.deepunlearn.core.metric.Predictions;
import io.deepunlearn.core.metric.UnlearningScores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports follow the metric catalogue: field names, a test-only metric, and the ranking's semantics. */
class MetricOutputsTest {

    /** A metric only this test knows: the mean probability of the true class on D_f. */
    static final class ForgetConfidence implements Metric {
        @Override
        public String name() {
            return "forget_confidence";
        }

        @Override
        public String label() {
            return "FConf";
        }

        @Override
        public String description() {
            return "mean true-class probability on D_f";
        }

        @Override
        public MetricResult compute(ModelPredictions p) {
            double[] c = p.on(ModelPredictions.Split.FORGET).trueClassProbabilities();
            return new MetricResult(java.util.Arrays.stream(c).average().orElse(Double.NaN), c);
        }
    }

    static final List<String> RUN_FIELDS = List.of("dataset", "arch", "method", "seed", "status", "error",
            "retain_accuracy", "forget_accuracy", "val_accuracy", "test_accuracy", "mia", "val_mia", "indiscernibility",
            "seconds", "hyperparameters");
    static final List<String> SUMMARY_FIELDS = List.of("dataset", "arch", "method", "reference", "seeds", "failed",
            "retain_accuracy", "retain_accuracy_std", "forget_accuracy", "forget_accuracy_std", "val_accuracy",
            "test_accuracy", "test_accuracy_std", "rr", "fr", "tr", "ret_dev", "mia", "mia_std", "indiscernibility",
            "seconds", "rte", "ret_dev_per_seed_mean", "ret_dev_per_seed_se", "forget_specific_change", "rank",
            "method_rank", "rank_group", "mia_detects", "no_better_than_original", "loso_rank_without_seed",
            "loso_rank_best", "loso_rank_worst", "loso_rank_spread");

    @TempDir
    Path dir;

    static Predictions predictions(int n, SplittableRandom rnd, double skill) {
        float[] logits = new float[3 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int c = 0; c < 3; c++) {
                logits[3 * i + c] = (float) (rnd.nextGaussian() + (c == labels[i] ? skill : 0));
            }
        }
        return new Predictions(logits, labels, 3);
    }

    /** Original, Retrain, two methods, two seeds, plus a failed run; models of different skill. */
    static List<RunResult> runs(MetricCatalogue catalogue) {
        List<RunResult> runs = new ArrayList<>();
        Map<String, Double> skill = Map.of("Original", 2.0, "Retrain", 1.5, "FT", 1.2, "GA", 0.3);
        Map<String, Double> seconds = Map.of("Original", 0.0, "Retrain", 10.0, "FT", 2.0, "GA", 0.5);
        for (int seed = 0; seed < 2; seed++) {
            for (String m : List.of("Original", "Retrain", "FT", "GA")) {
                SplittableRandom rnd = new SplittableRandom(31L * seed + m.hashCode());
                double s = skill.get(m);
                ModelPredictions p = new ModelPredictions(predictions(90, rnd, s), predictions(30, rnd, s + 0.3),
                        predictions(30, rnd, s - 0.2), predictions(60, rnd, s - 0.2));
                runs.add(new RunResult("synthetic", "small-cnn", m, seed, "ok", null, catalogue.evaluate(p),
                        seconds.get(m) + seed, Map.of()));
            }
        }
        runs.add(RunResult.failed("synthetic", "small-cnn", "GA", 2, 0.1, "boom", Map.of(), catalogue.names()));
        return runs;
    }

    static BenchmarkResults results(Path dir, MetricCatalogue catalogue) {
        List<RunResult> runs = runs(catalogue);
        BenchConfig config = new BenchConfig(List.of("synthetic"), List.of("small-cnn"), List.of("FT", "GA"),
                List.of(0, 1, 2), 600, 200, 8, 64, 0.05, dir, dir, dir, Map.of(), null, true);
        Environment env = new Environment("test", "abc123", "PyTorch (test)", "java", "os", "cpu", 2, 1L, "default",
                "2024-01-01T00:00:00Z");
        return new BenchmarkResults(config, List.of(), runs, Aggregation.summary(runs, catalogue), env, catalogue);
    }

    static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    @Test
    void resultsJsonKeepsItsFieldNames() throws Exception {
        ReportWriter.writeAll(results(dir, MetricCatalogue.standard()), dir);
        JsonNode doc = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(fields(doc.get("runs").get(0))).containsExactlyElementsOf(RUN_FIELDS);
        JsonNode failed = doc.get("runs").get(8);
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(fields(failed)).containsExactlyElementsOf(RUN_FIELDS);
        assertThat(failed.get("mia").isNull()).isTrue();
        for (JsonNode row : doc.get("summary")) {
            assertThat(fields(row)).containsAll(SUMMARY_FIELDS);
        }
        assertThat(Files.readString(dir.resolve("leaderboard.csv"))).startsWith("dataset,arch,rank,method,rank_group,"
                + "seeds,failed,RA,RA_std,FA,FA_std,VA,VA_std,TA,TA_std,T-MIA,T-MIA_std,V-MIA,V-MIA_std,Indisc,Indisc_std,"
                + "RR,FR,TR,RetDev,RTE,RetDev/seed,RetDev/seed SE,FSC,seconds,mia_detects,no_better_than_original,"
                + "loso_rank_best,loso_rank_worst\n");
        assertThat(Files.readString(dir.resolve("leaderboard.md")))
                .contains("| rank | group | method | RA | FA | TA | T-MIA | Indisc | RR | FR | TR | RetDev | RTE | RetDev/seed "
                        + "| RetDev/seed SE | FSC | LOSO |");
    }

    @Test
    void aTestOnlyMetricShowsUpInEveryOutput() throws Exception {
        MetricCatalogue catalogue = MetricCatalogue.standard().with(new ForgetConfidence());
        ReportWriter.writeAll(results(dir, catalogue), dir);
        JsonNode doc = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        JsonNode run = doc.get("runs").get(2);
        assertThat(fields(run)).containsSubsequence("indiscernibility", "forget_confidence", "seconds");
        assertThat(run.get("forget_confidence").asDouble()).isBetween(0.0, 1.0);
        for (JsonNode row : doc.get("summary")) {
            assertThat(row.get("forget_confidence").isNumber()).as(row.get("method").asText()).isTrue();
            assertThat(row.has("forget_confidence_std")).isTrue();
        }
        String csv = Files.readString(dir.resolve("leaderboard.csv"));
        assertThat(csv.lines().findFirst().orElseThrow()).contains(",Indisc,Indisc_std,FConf,FConf_std,RR,");
        assertThat(Files.readString(dir.resolve("leaderboard.md"))).contains("| Indisc | FConf | RR |");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<th>FConf</th>");
    }

    @Test
    void runLogRoundTripsEveryMetricByName() {
        MetricCatalogue catalogue = MetricCatalogue.standard().with(new ForgetConfidence());
        List<RunResult> runs = runs(catalogue);
        RunLog log = new RunLog(dir, "fp");
        runs.forEach(log::append);
        List<RunResult> read = new RunLog(dir, "fp").all();
        assertThat(read).containsExactlyInAnyOrderElementsOf(runs);
        assertThat(read.stream().filter(r -> !r.ok()).findFirst().orElseThrow().metrics().asMap())
                .containsOnlyKeys(catalogue.names()).containsValue(null);
    }

    @Test
    void rowsKeepTheirFiguresAndAreOrderedByRankGroup() {
        List<RunResult> runs = runs(MetricCatalogue.standard());
        List<SummaryRow> rows = Aggregation.summarise(runs);
        SummaryRow retrain = rows.get(0);
        assertThat(retrain.method()).isEqualTo("Retrain");
        assertThat(retrain.rank()).isEqualTo(1);
        assertThat(retrain.retDev()).isEqualTo(0.0);
        assertThat(retrain.value("rte")).isEqualTo(1.0);
        SummaryRow original = rows.stream().filter(r -> r.method().equals("Original")).findFirst().orElseThrow();
        assertThat(original.value("rte")).as("Original ran nothing").isNull();
        SummaryRow ga = rows.stream().filter(r -> r.method().equals("GA")).findFirst().orElseThrow();
        assertThat(ga.seeds()).isEqualTo(2);
        assertThat(ga.failed()).isEqualTo(1);
        double ra = mean(runs, "GA", "retain_accuracy");
        double fa = mean(runs, "GA", "forget_accuracy");
        double ta = mean(runs, "GA", "test_accuracy");
        double raRef = mean(runs, "Retrain", "retain_accuracy");
        double faRef = mean(runs, "Retrain", "forget_accuracy");
        double taRef = mean(runs, "Retrain", "test_accuracy");
        assertThat(ga.value("rr")).isCloseTo(ra / raRef, offset(1e-12));
        assertThat(ga.retDev()).isCloseTo(UnlearningScores.retentionDeviation(ra, fa, ta, raRef, faRef, taRef),
                offset(1e-12));
        assertThat(ga.value("rte")).isCloseTo(10.5 / 1.0, offset(1e-12));
        // after Retrain: rank groups never decrease, and inside a group the undetected rows come first
        for (int i = 2; i < rows.size(); i++) {
            SummaryRow a = rows.get(i - 1);
            SummaryRow b = rows.get(i);
            assertThat(a.rankGroup() < b.rankGroup() || a.rankGroup().equals(b.rankGroup())
                    && (!a.placement().miaDetects() || b.placement().miaDetects())).as(a.method() + " before " + b.method())
                    .isTrue();
            assertThat(b.rank()).isEqualTo(i + 1);
        }
        assertThat(rows.stream().filter(r -> !r.reference()).map(SummaryRow::methodRank)).containsExactly(1, 2);
    }

    /**
     * The seed statistics in results.json, leaderboard.csv/.md and report.html: per-seed RetDev mean and SE, the
     * forget-specific change and the rank group on every row, and the Retrain-noise-floor row, checked against
     * values recomputed here from the runs.
     */
    @Test
    void seedStatisticsAndTheNoiseFloorRowInEveryOutput() throws Exception {
        BenchmarkResults results = results(dir, MetricCatalogue.standard());
        ReportWriter.writeAll(results, dir);
        List<RunResult> runs = results.runs();
        JsonNode doc = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        JsonNode summary = doc.get("summary");
        assertThat(summary).hasSize(5);
        for (JsonNode row : summary) {
            assertThat(fields(row)).as(row.get("method").asText()).contains("ret_dev", "ret_dev_per_seed_mean",
                    "ret_dev_per_seed_se", "forget_specific_change", "rank_group");
        }
        JsonNode ga = row(summary, "GA");
        // GA ran seeds 0 and 1 (seed 2 failed): RetDev of each against the same seed's Retrain
        double ga0 = retDev(runs, "GA", 0, "Retrain", 0);
        double ga1 = retDev(runs, "GA", 1, "Retrain", 1);
        assertThat(ga.get("ret_dev_per_seed_mean").asDouble()).isCloseTo((ga0 + ga1) / 2, offset(1e-12));
        // two values: sd = |a - b| / sqrt(2), SE = sd / sqrt(2) = |a - b| / 2
        assertThat(ga.get("ret_dev_per_seed_se").asDouble()).isCloseTo(Math.abs(ga0 - ga1) / 2, offset(1e-12));
        assertThat(ga.get("ret_dev").asDouble()).as("RetDev of means, as before").isCloseTo(
                UnlearningScores.retentionDeviation(mean(runs, "GA", "retain_accuracy"), mean(runs, "GA",
                        "forget_accuracy"), mean(runs, "GA", "test_accuracy"), mean(runs, "Retrain", "retain_accuracy"),
                        mean(runs, "Retrain", "forget_accuracy"), mean(runs, "Retrain", "test_accuracy")), offset(1e-12));
        double fsc = 0;
        for (int seed = 0; seed < 2; seed++) {
            fsc += (metric(runs, "GA", seed, "forget_accuracy") - metric(runs, "Original", seed, "forget_accuracy"))
                    - (metric(runs, "GA", seed, "test_accuracy") - metric(runs, "Original", seed, "test_accuracy"));
        }
        assertThat(ga.get("forget_specific_change").asDouble()).isCloseTo(fsc / 2, offset(1e-12));
        assertThat(row(summary, "Original").get("forget_specific_change").asDouble()).isEqualTo(0.0);

        JsonNode retrain = row(summary, "Retrain");
        assertThat(retrain.get("ret_dev_per_seed_mean").asDouble()).isEqualTo(0.0);
        assertThat(retrain.get("rank_group").isNull()).as("Retrain is the yardstick, not grouped").isTrue();

        JsonNode floor = row(summary, "Retrain-noise-floor");
        assertThat(floor.get("reference").asBoolean()).isTrue();
        assertThat(floor.get("seeds").asInt()).isEqualTo(2);
        assertThat(floor.get("rank").isNull()).as("not ranked").isTrue();
        assertThat(floor.get("method_rank").isNull()).isTrue();
        assertThat(floor.get("ret_dev").isNull()).as("0 by construction, so undefined").isTrue();
        assertThat(floor.get("rr").isNull()).isTrue();
        assertThat(floor.get("rte").isNull()).isTrue();
        // seed 0 against Retrain seed 1 and seed 1 against Retrain seed 0 (cyclic in seed order)
        double f0 = retDev(runs, "Retrain", 1, "Retrain", 0);
        double f1 = retDev(runs, "Retrain", 0, "Retrain", 1);
        assertThat(floor.get("ret_dev_per_seed_mean").asDouble()).isCloseTo((f0 + f1) / 2, offset(1e-12));
        assertThat(floor.get("ret_dev_per_seed_se").asDouble()).isCloseTo(Math.abs(f0 - f1) / 2, offset(1e-12));
        assertThat(floor.get("mia").asDouble()).as("the retrained models' own MIA")
                .isEqualTo(retrain.get("mia").asDouble());
        assertThat(floor.get("indiscernibility").asDouble()).isEqualTo(retrain.get("indiscernibility").asDouble());
        assertThat(floor.get("rank_group").isInt()).isTrue();
        assertThat(floor.get("loso_rank_without_seed").isNull()).as("not ranked, so no LOSO ranks").isTrue();
        // leave-one-seed-out: every ranked row has its rank without seed 0 and without seed 1, and their range
        for (JsonNode r : summary) {
            if (!r.get("rank").isNull()) {
                JsonNode without = r.get("loso_rank_without_seed");
                assertThat(fields(without)).as(r.get("method").asText()).containsExactly("0", "1");
                int best = Math.min(without.get("0").asInt(), without.get("1").asInt());
                int worst = Math.max(without.get("0").asInt(), without.get("1").asInt());
                assertThat(r.get("loso_rank_best").asInt()).isEqualTo(best);
                assertThat(r.get("loso_rank_worst").asInt()).isEqualTo(worst);
                assertThat(r.get("loso_rank_spread").asInt()).isEqualTo(worst - best);
            }
        }
        assertThat(row(summary, "Retrain").get("loso_rank_spread").asInt()).isZero();

        // rank groups: the lowest per-seed RetDev opens group 1; groups never decrease along per-seed RetDev
        List<JsonNode> grouped = new ArrayList<>();
        summary.forEach(r -> {
            if (!r.get("rank_group").isNull()) {
                grouped.add(r);
            }
        });
        assertThat(grouped).hasSize(4);
        grouped.sort(java.util.Comparator.comparingDouble(r -> r.get("ret_dev_per_seed_mean").asDouble()));
        assertThat(grouped.get(0).get("rank_group").asInt()).isEqualTo(1);
        for (int i = 1; i < grouped.size(); i++) {
            assertThat(grouped.get(i).get("rank_group").asInt())
                    .isGreaterThanOrEqualTo(grouped.get(i - 1).get("rank_group").asInt());
        }

        List<String> csv = Files.readAllLines(dir.resolve("leaderboard.csv"));
        assertThat(csv.get(0)).contains(",RetDev,RTE,RetDev/seed,RetDev/seed SE,FSC,seconds").contains(",rank_group,");
        assertThat(csv).hasSize(6);
        String floorLine = csv.stream().filter(l -> l.contains(",Retrain-noise-floor,")).findFirst().orElseThrow();
        assertThat(floorLine).startsWith("synthetic,small-cnn,,Retrain-noise-floor," + floor.get("rank_group").asInt()
                + ",2,0,");
        assertThat(floorLine).contains(String.format(java.util.Locale.ROOT, "%.6f",
                floor.get("ret_dev_per_seed_mean").asDouble()));
        String md = Files.readString(dir.resolve("leaderboard.md"));
        assertThat(md).contains("| – | " + floor.get("rank_group").asInt() + " | *Retrain-noise-floor* |")
                .contains("Methods sharing a rank group are tied").contains("interval is mean ± 2 SE");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("<th>group</th>", "Retrain-noise-floor",
                "<th>RetDev/seed</th>", "<th>FSC</th>", "<th>LOSO</th>", "Methods sharing a rank group are tied");
    }

    private static JsonNode row(JsonNode summary, String method) {
        for (JsonNode r : summary) {
            if (r.get("method").asText().equals(method)) {
                return r;
            }
        }
        throw new AssertionError("no row " + method);
    }

    private static double metric(List<RunResult> runs, String method, int seed, String metric) {
        return runs.stream().filter(r -> r.ok() && r.method().equals(method) && r.seed() == seed).findFirst()
                .orElseThrow().metric(metric);
    }

    private static double retDev(List<RunResult> runs, String method, int seed, String reference, int refSeed) {
        return UnlearningScores.retentionDeviation(metric(runs, method, seed, "retain_accuracy"),
                metric(runs, method, seed, "forget_accuracy"), metric(runs, method, seed, "test_accuracy"),
                metric(runs, reference, refSeed, "retain_accuracy"), metric(runs, reference, refSeed, "forget_accuracy"),
                metric(runs, reference, refSeed, "test_accuracy"));
    }

    private static double mean(List<RunResult> runs, String method, String metric) {
        return runs.stream().filter(r -> r.ok() && r.method().equals(method)).mapToDouble(r -> r.metric(metric))
                .average().orElseThrow();
    }
}
