package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import io.deepunlearn.core.data.DataSplits;
import io.deepunlearn.core.data.DatasetBundle;
import io.deepunlearn.core.data.SyntheticDatasetProvider;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.data.TransformSpec;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.metric.Evaluator;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.core.train.TrainConfig;
import io.deepunlearn.core.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's behavioural test: a small memorisation task on which the original model fits the forget set almost
 * perfectly (half of D_f carries a wrong label that only memorisation can fit) while the model retrained on D_r
 * alone cannot predict those samples. Every one of the 18 methods runs with its catalog defaults from the original
 * and is judged against two bounds, fixed here and never loosened:
 * <ul>
 *   <li>forgetting: FA_u <= FA_o - {@value #GAP_FRACTION} * (FA_o - FA_r) (closes at least half the gap);</li>
 *   <li>utility: RA_u >= RA_o - {@value #RETAIN_DROP}.</li>
 * </ul>
 * The test asserts the regime (the original memorises, the retrained model does not) and that the methods in
 * {@link #EXPECTED_TO_PASS_BOTH} (the ones observed to pass) still pass both bounds. Every method's outcome is
 * written to {@code target/memorisation-report.md}; the committed reading is docs/results/memorisation.md.
 * <p>
 * {@code -Dmemorisation.seeds=0,1,2} runs several model seeds (default 0; the split and the data stay fixed,
 * as in the benchmark).
 */
@Tag("slow") // not in the fast tier (-Pfast): trains and unlearns every method on a memorisation task
class MemorisationBehaviourTest {

    static final double GAP_FRACTION = 0.5;
    static final double RETAIN_DROP = 0.15;

    static final int CLASSES = 4;
    static final int TRAIN_POOL = 360;
    static final int TEST_SIZE = 200;
    static final int IMAGE_SIZE = 16;
    /** Fraction of D_f whose label is replaced by another class (the samples only memorisation can fit). */
    static final double FLIPPED_FRACTION = 0.5;
    static final long DATA_SEED = 11;
    static final long FLIP_SEED = 5;
    /**
     * libtorch intra-op threads during the test (restored afterwards). With the engine's default (one per core) on
     * two cores shared with other processes, this small CNN trained about 18 times slower per epoch than with one
     * thread (measured 3.1 s vs 0.17 s per epoch), the threads waiting on each other at every small op.
     */
    static final int INTRA_OP_THREADS = 1;
    static final TrainConfig RECIPE = new TrainConfig(40, 32, 0.05, 0.9, 5e-4, false, DataSplits.DEFAULT_SEED);

    /**
     * Observed to pass both bounds on every seed tried (0-5) with a margin (see docs/results/memorisation.md);
     * asserted to keep passing. None of them reads D_f: each damages the network (re-initialises the last block
     * and the classifier, transposes every kernel, or adds N(0, 0.6^2) to the stem) and relearns D_r, which on
     * this task (the retrained model fits D_r within 2 epochs) amounts to retraining. NG+ (6 of 6 seeds, but
     * within one forget sample of the forgetting bound on three and below the utility bound in a 2-thread run),
     * BT and PRMQ (5 of 6) pass too often to call failures and too narrowly to assert.
     */
    static final Set<String> EXPECTED_TO_PASS_BOTH = Set.of("EU-k", "CFW", "CT");

    /** One line per method: why it passes or not here (hypotheses from the observed rows, for the report). */
    static final Map<String, String> READING = Map.ofEntries(
            Map.entry("FT", "ignores D_f: fine-tuning on a D_r loss already near 0 barely moves the weights, "
                    + "the memorised labels stay"),
            Map.entry("GA", "D_f is one batch, so 10 epochs are 10 ascent steps at lr 0.01: forgets on some seeds "
                    + "only; needs more steps or a higher lr"),
            Map.entry("SRL", "forgets, but 10 steps at lr 0.1 (momentum 0.9) with random D_f labels knock the "
                    + "converged model off D_r: fails utility"),
            Map.entry("NG+", "passes on every seed tried, but narrowly (FA within one sample of the bound on "
                    + "several seeds; RA 0.727 in a 2-thread run): not asserted"),
            Map.entry("BT", "passes on 5 of 6 seeds; on one, 20 Adam steps at lr 0.01 towards a random teacher "
                    + "cost D_r accuracy too (RA 0.78)"),
            Map.entry("SalUn", "20 masked SGD steps at lr 0.01 without momentum: FA stays >= 0.8 on 5 of 6 seeds; "
                    + "needs its tuned lr/epochs"),
            Map.entry("SCRUB", "returns the original: the forget error stays 0 % through the max passes (lr 5e-4) "
                    + "and the checkpoint rule (forget error closest to the D_val error, 0 %) picks i* = 0; the rule "
                    + "assumes D_f looks like D_val, which a memorised, mislabelled D_f does not"),
            Map.entry("FF", "ignores D_f; the noise variance min(1/(h + 1e-8), 1e3) * alpha is huge where a "
                    + "confident model's Fisher diagonal is ~0: chance accuracy, as the reference warns"),
            Map.entry("IU", "the update alpha * k, k ~ the D_f gradient / n (WoodFisher starts from the identity), "
                    + "is ~1e-3 of the weights because a fitted D_f has a near-zero loss gradient"),
            Map.entry("CF-k", "ignores D_f: 20 plain-SGD steps on the last block in eval mode on a D_r loss near 0; "
                    + "behaves like FT"),
            Map.entry("EU-k", "ignores D_f; re-initialising the last block and the classifier and relearning D_r "
                    + "is close to retraining on this task"),
            Map.entry("FCS", "D_f is one batch, so the forget rounds are 8 steps at lr <= 3e-4 after one at "
                    + "5e-3: partial forgetting; needs more forget steps"),
            Map.entry("MSG", "re-drawing the 30 % lowest-saliency conv weights plus 5 epochs at lr <= 1e-3 "
                    + "forgets partly; needs more epochs or a higher init_rate"),
            Map.entry("CFW", "ignores D_f; N(0, 0.6^2) noise on the stem conv destroys the features and "
                    + "relearning D_r is close to retraining here"),
            Map.entry("PRMQ", "ignores D_f; pruning 99 % and relearning D_r is close to retraining, but 3.2 "
                    + "epochs at lr 5e-4 do not always restore D_r (RA 0.78 on one seed of 6)"),
            Map.entry("CT", "ignores D_f; transposing every kernel and relearning D_r is close to retraining "
                    + "on this task"),
            Map.entry("KDE", "ignores D_f; after resetting the stem and the classifier, 3 warm-up steps on D_val "
                    + "and 15 retain steps at lr <= 1e-3 often do not relearn D_r"),
            Map.entry("RNI", "ignores D_f; 45 steps at lr <= 1e-3 do not relearn the reset classifier; on "
                    + "small-cnn no noise is ever injected (its 5 non-bn tensors are all selected in epoch 0 and "
                    + "skipped afterwards)"));

    /** Methods that, per docs/reference.md#methods (data used), never read D_f: they can only approximate fine-tuning on D_r. */
    static final Set<String> IGNORE_FORGET_SET = Set.of("FT", "FF", "CF-k", "EU-k", "CFW", "PRMQ", "CT", "KDE", "RNI");

    /** Measured accuracies of one model. */
    record Row(String method, double retain, double forget, double forgetFlipped, double forgetClean, double test,
               double distance, double seconds, String note) {
    }

    /** One seed's run: the reference rows and every method's row. */
    record SeedRun(int seed, Row original, Row retrain, List<Row> methods) {
        double forgetBound() {
            return original.forget - GAP_FRACTION * (original.forget - retrain.forget);
        }

        double retainBound() {
            return original.retain - RETAIN_DROP;
        }

        boolean forgets(Row r) {
            return r.forget <= forgetBound() + 1e-9;
        }

        boolean keepsUtility(Row r) {
            return r.retain >= retainBound() - 1e-9;
        }
    }

    @Test
    void regimeHoldsAndObservedPassersKeepBothBounds() throws IOException {
        Engines.noGradOnThisThread();
        List<Integer> seeds = Arrays.stream(System.getProperty("memorisation.seeds", "0").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
        List<SeedRun> runs = new ArrayList<>();
        long t0 = System.nanoTime();
        int threads = JniUtils.getNumThreads();
        try (Task task = new Task()) {
            JniUtils.setNumThreads(INTRA_OP_THREADS);
            for (int seed : seeds) {
                runs.add(task.run(seed));
            }
        } finally {
            JniUtils.setNumThreads(threads);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Path report = Path.of("target", "memorisation-report.md");
        Files.createDirectories(report.getParent());
        Files.writeString(report, report(runs, seconds));

        for (SeedRun run : runs) {
            assertThat(run.original.forget).as("seed %d: the original memorises D_f", run.seed).isGreaterThanOrEqualTo(0.9);
            assertThat(run.original.forget - run.retrain.forget)
                    .as("seed %d: the retrained model clearly misses D_f", run.seed).isGreaterThanOrEqualTo(0.3);
            for (Row r : run.methods) {
                if (EXPECTED_TO_PASS_BOTH.contains(r.method)) {
                    assertThat(run.forgets(r)).as("seed %d: %s forgetting bound: FA %.3f <= %.3f", run.seed, r.method,
                            r.forget, run.forgetBound()).isTrue();
                    assertThat(run.keepsUtility(r)).as("seed %d: %s utility bound: RA %.3f >= %.3f", run.seed,
                            r.method, r.retain, run.retainBound()).isTrue();
                }
            }
        }
        assertThat(runs.get(0).methods).extracting(Row::method).containsExactlyElementsOf(Methods.names());
        assertThat(READING.keySet()).as("a reading for every method").containsExactlyInAnyOrderElementsOf(Methods.names());
    }

    /** The data, split, relabelled forget set and the shared NDManager. */
    static final class Task implements AutoCloseable {
        final NDManager manager = Engines.pytorch().newBaseManager();
        final TensorDataset retain;
        final TensorDataset forget;
        final TensorDataset val;
        final TensorDataset test;
        final boolean[] flipped;
        final ModelSpec spec = new ModelSpec("small-cnn", CLASSES, 3, IMAGE_SIZE);

        Task() {
            DatasetBundle b = new SyntheticDatasetProvider(CLASSES, TRAIN_POOL, TEST_SIZE, IMAGE_SIZE, 40, 0.0, DATA_SEED)
                    .load(null);
            TransformSpec plain = TransformSpec.grey(IMAGE_SIZE, 0.25f, 0.30f, TransformSpec.Augmentation.NONE);
            DataSplits s = DataSplits.create(b.train().size(), b.test().size(), DataSplits.DEFAULT_SEED);
            TensorDataset pool = TensorDataset.prepare(b.train(), plain);
            retain = pool.subset(s.retain());
            val = pool.subset(s.val());
            test = TensorDataset.prepare(b.test(), plain);
            TensorDataset cleanForget = pool.subset(s.forget());
            int[] labels = cleanForget.labels();
            flipped = new boolean[labels.length];
            int[] order = shuffled(labels.length, new SplittableRandom(FLIP_SEED));
            SplittableRandom rnd = new SplittableRandom(FLIP_SEED + 1);
            for (int k = 0; k < Math.round(FLIPPED_FRACTION * labels.length); k++) {
                int i = order[k];
                labels[i] = (labels[i] + 1 + rnd.nextInt(CLASSES - 1)) % CLASSES;
                flipped[i] = true;
            }
            forget = cleanForget.withLabels(labels);
        }

        SeedRun run(int seed) {
            UnlearningData data = new UnlearningData(retain, forget, val);
            try (Network original = Architectures.create(spec, manager.newSubManager(), seed);
                 Network retrained = original.copy()) {
                Map<String, float[]> initial = MethodAssertions.parameters(original);
                Trainer.TrainResult to = Trainer.train(original, retain.concat(forget), RECIPE, ProgressListener.NONE);
                Row o = measure("Original", original, initial, to.seconds(), fitNote(to));
                Trainer.TrainResult tr = Trainer.train(retrained, retain, RECIPE, ProgressListener.NONE);
                Row r = measure("Retrain", retrained, initial, tr.seconds(), fitNote(tr));
                Map<String, float[]> trained = MethodAssertions.parameters(original);
                List<Row> rows = new ArrayList<>();
                for (UnlearningMethod m : Methods.all()) {
                    rows.add(runMethod(m, original, trained, data, seed));
                }
                return new SeedRun(seed, o, r, rows);
            }
        }

        /** As BenchmarkRunner: a private copy of the original, the engine seeded, only {@code unlearn} timed. */
        private Row runMethod(UnlearningMethod m, Network original, Map<String, float[]> start, UnlearningData data,
                              int seed) {
            Network copy = original.copy();
            Network out = null;
            try {
                Engine.getInstance().setRandomSeed(seed);
                UnlearningContext ctx = new UnlearningContext(copy, data, seed, ProgressListener.NONE);
                String note = "";
                long t = System.nanoTime();
                if (m instanceof Scrub scrub) {
                    // the same call unlearn() makes, keeping the checkpoint selection for the report
                    Scrub.Run run = scrub.run(ctx, m.defaults());
                    out = run.model();
                    note = String.format(Locale.ROOT, "i* = %d; forget error %% per epoch %s; forget-val error %.1f %%",
                            run.selected(), Arrays.toString(Arrays.stream(run.forgetErrors())
                                    .mapToObj(e -> String.format(Locale.ROOT, "%.0f", e)).toArray()),
                            run.forgetValError());
                } else {
                    out = m.unlearn(ctx, m.defaults());
                }
                double seconds = (System.nanoTime() - t) / 1e9;
                return measure(m.name(), out, start, seconds, note);
            } finally {
                if (out != null && out != copy) {
                    out.close();
                }
                copy.close();
            }
        }

        /** Normalised parameter distance to {@code from}: sqrt(sum ||theta - from||^2 / sum ||from||^2). */
        private static double distance(Network net, Map<String, float[]> from) {
            double diff = 0;
            double norm = 0;
            for (Map.Entry<String, float[]> e : MethodAssertions.parameters(net).entrySet()) {
                float[] a = e.getValue();
                float[] b = from.get(e.getKey());
                for (int i = 0; i < a.length; i++) {
                    diff += (double) (a[i] - b[i]) * (a[i] - b[i]);
                    norm += (double) b[i] * b[i];
                }
            }
            return Math.sqrt(diff / norm);
        }

        private static String fitNote(Trainer.TrainResult r) {
            for (Trainer.EpochMetrics e : r.epochs()) {
                if (e.accuracy() >= 1.0) {
                    return "train-mode accuracy 1.0 first at epoch " + e.epoch();
                }
            }
            List<Trainer.EpochMetrics> h = r.epochs();
            return String.format(Locale.ROOT, "train-mode accuracy %.3f at the last epoch", h.get(h.size() - 1).accuracy());
        }

        private Row measure(String name, Network net, Map<String, float[]> start, double seconds, String note) {
            int[] predicted = predictions(net, forget);
            int flippedHits = 0;
            int flippedCount = 0;
            int cleanHits = 0;
            for (int i = 0; i < predicted.length; i++) {
                boolean hit = predicted[i] == forget.label(i);
                if (flipped[i]) {
                    flippedCount++;
                    flippedHits += hit ? 1 : 0;
                } else {
                    cleanHits += hit ? 1 : 0;
                }
            }
            double fa = (double) (flippedHits + cleanHits) / predicted.length;
            return new Row(name, Evaluator.accuracy(net, retain), fa, (double) flippedHits / flippedCount,
                    (double) cleanHits / (predicted.length - flippedCount), Evaluator.accuracy(net, test),
                    distance(net, start), seconds, note);
        }

        private static int[] predictions(Network net, TensorDataset data) {
            var p = Evaluator.predict(net, data);
            int[] out = new int[p.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = p.predicted(i);
            }
            return out;
        }

        private static int[] shuffled(int n, SplittableRandom rnd) {
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            return order;
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    static String report(List<SeedRun> runs, double seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Memorisation behaviour of the unlearning methods (issue 3)\n\n");
        sb.append(String.format(Locale.ROOT, "Synthetic task: %d classes, %d-pixel grey images, train pool %d "
                        + "(D_val 15 %%, D_f 10 %% of the rest), %d test samples; %.0f %% of D_f relabelled to another "
                        + "class (only memorisation fits them), the rest of the data clean. small-cnn, SGD lr %s, "
                        + "momentum %s, wd %s, batch %d, %d epochs, cosine, no augmentation; the retrained model starts "
                        + "from the same initial weights. Methods: catalog defaults, no epoch cap.%n%n",
                CLASSES, IMAGE_SIZE, TRAIN_POOL, TEST_SIZE, 100 * FLIPPED_FRACTION, RECIPE.lr(), RECIPE.momentum(),
                RECIPE.weightDecay(), RECIPE.batchSize(), RECIPE.epochs()));
        sb.append(String.format(Locale.ROOT, "Bounds: forgetting FA_u <= FA_o - %.1f * (FA_o - FA_r); utility RA_u >= "
                + "RA_o - %.2f. FA (flipped) / FA (clean): forget accuracy on the relabelled and on the correctly "
                + "labelled half of D_f. \"uses D_f\": per docs/reference.md#methods. Δθ: normalised parameter distance "
                + "sqrt(Σ‖θ − θ_o‖² / Σ‖θ_o‖²) to the original (for Original and Retrain: to the shared initial "
                + "weights). libtorch runs with %d intra-op thread(s).%n%n", GAP_FRACTION, RETAIN_DROP,
                INTRA_OP_THREADS));
        for (SeedRun run : runs) {
            sb.append(String.format(Locale.ROOT, "## Model seed %d%n%nFA_o = %.3f, FA_r = %.3f: forgetting bound "
                    + "FA_u <= %.3f; RA_o = %.3f: utility bound RA_u >= %.3f.%n%n", run.seed, run.original.forget,
                    run.retrain.forget, run.forgetBound(), run.original.retain, run.retainBound()));
            sb.append("| model | uses D_f | RA | FA | FA (flipped) | FA (clean) | TA | Δθ | seconds | forgetting "
                    + "| utility | both | expected to pass |\n");
            sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Row r : List.of(run.original, run.retrain)) {
                sb.append(row(r, "", "", "", "", ""));
            }
            for (Row r : run.methods) {
                boolean f = run.forgets(r);
                boolean u = run.keepsUtility(r);
                sb.append(row(r, IGNORE_FORGET_SET.contains(r.method) ? "no" : "yes", mark(f), mark(u), mark(f && u),
                        EXPECTED_TO_PASS_BOTH.contains(r.method) ? "yes" : ""));
            }
            sb.append('\n');
            for (Row r : concat(List.of(run.original, run.retrain), run.methods)) {
                if (!r.note.isEmpty()) {
                    sb.append("- ").append(r.method).append(": ").append(r.note).append('\n');
                }
            }
            sb.append('\n');
        }
        sb.append("## Reading (hypotheses)\n\n");
        for (String m : Methods.names()) {
            sb.append("- ").append(m).append(EXPECTED_TO_PASS_BOTH.contains(m) ? " (asserted)" : "").append(": ")
                    .append(READING.getOrDefault(m, "no reading recorded")).append('\n');
        }
        sb.append('\n');
        if (runs.size() > 1) {
            Map<String, Integer> passes = new LinkedHashMap<>();
            for (SeedRun run : runs) {
                for (Row r : run.methods) {
                    passes.merge(r.method, run.forgets(r) && run.keepsUtility(r) ? 1 : 0, Integer::sum);
                }
            }
            sb.append("## Seeds passing both bounds\n\n| method | seeds passing (of ").append(runs.size())
                    .append(") |\n|---|---|\n");
            passes.forEach((m, n) -> sb.append("| ").append(m).append(" | ").append(n).append(" |\n"));
            sb.append('\n');
        }
        Set<String> unexpected = new TreeSet<>();
        for (SeedRun run : runs) {
            for (Row r : run.methods) {
                if (run.forgets(r) && run.keepsUtility(r) && !EXPECTED_TO_PASS_BOTH.contains(r.method)) {
                    unexpected.add(r.method);
                }
            }
        }
        if (!unexpected.isEmpty()) {
            sb.append("Passing both bounds but not in EXPECTED_TO_PASS_BOTH: ").append(String.join(", ", unexpected))
                    .append(".\n\n");
        }
        sb.append(String.format(Locale.ROOT, "Wall time of the test: %.1f s.%n", seconds));
        return sb.toString();
    }

    private static String row(Row r, String usesForget, String f, String u, String both, String expected) {
        return String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.2f | %s | %s | %s | %s |%n",
                r.method, usesForget, r.retain, r.forget, r.forgetFlipped, r.forgetClean, r.test, r.distance, r.seconds,
                f, u, both, expected);
    }

    private static List<Row> concat(List<Row> a, List<Row> b) {
        List<Row> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String mark(boolean pass) {
        return pass ? "pass" : "fail";
    }
}
