package io.deepunlearn.core.ulira;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.bench.Environment;
import io.deepunlearn.core.bench.ExperimentData;
import io.deepunlearn.core.bench.HyperParameterResolver;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.method.HyperParameters;
import io.deepunlearn.core.method.Methods;
import io.deepunlearn.core.method.UnlearningContext;
import io.deepunlearn.core.method.UnlearningData;
import io.deepunlearn.core.method.UnlearningMethod;
import io.deepunlearn.core.metric.Evaluator;
import io.deepunlearn.core.metric.Predictions;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.core.train.TrainConfig;
import io.deepunlearn.core.util.Hashing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs U-LiRA (docs/reference.md#ulira) for a list of methods: builds the {@link ShadowSplits} of the dataset's train pool,
 * obtains the cached shadow originals and retrained models ({@link ShadowModels}), applies each method to the
 * original of every (split, forget set) with its resolved hyperparameters, records the logit-scaled confidence and
 * the 0/1 correctness of every dev sample under every model, and runs {@link MembershipAttack} in the standard and
 * the reference-parity mode. "Retrain" (the retrained shadow models: the ideal, near 0.5) and "Original" (no
 * unlearning: the leak to remove) can be listed as methods too.
 *
 * <p>The work is per shadow split ({@link #observeSplit}: independent of the other splits, seeded alike wherever
 * it runs), the attack over all splits' {@link SplitObservations} ({@link #results}); {@link #run} does both on
 * this machine, a campaign runs one split per cell and the attack when it collects them.
 */
public final class UliraRunner {

    public static final String RETRAIN = "Retrain";
    public static final String ORIGINAL = "Original";
    public static final long ATTACK_SEED = 123;

    /**
     * @param splits     shadow splits (the reference uses 64)
     * @param forgetSets forget sets per split (the reference uses 10)
     * @param modelSeed  initial weights of every shadow model (the reference uses 0)
     */
    public record Settings(String dataset, String arch, List<String> methods, int splits, int forgetSets, int modelSeed,
                           Integer trainSize, TrainConfig train, Path dataDir, Path cacheDir,
                           Map<String, Map<String, Object>> overrides, Path tunedDir) {
        public Settings {
            if (methods.isEmpty()) {
                throw new IllegalArgumentException("--methods needs at least one method");
            }
            if (splits < 2) {
                throw new IllegalArgumentException("--shadows must be >= 2 (one split is held out as target), got " + splits);
            }
            if (forgetSets < 1) {
                throw new IllegalArgumentException("--forget-sets must be >= 1, got " + forgetSets);
            }
            if (modelSeed < 0) {
                throw new IllegalArgumentException("--model-seed must be >= 0, got " + modelSeed);
            }
            if (trainSize != null && trainSize < 100) {
                throw new IllegalArgumentException("--train-size must be >= 100 for U-LiRA, got " + trainSize);
            }
            overrides = overrides == null ? Map.of() : overrides;
        }
    }

    /** One method's attack results; {@code error} set (and metrics null) when the method failed on some model. */
    public record MethodResult(String method, Map<String, Object> hyperparameters, int models, double meanSeconds,
                               AttackMetrics standard, AttackMetrics parity, List<MembershipAttack.Decision> decisions,
                               String error) {
    }

    /** Everything the report needs. */
    public record Results(Settings settings, List<MethodResult> methods, int[] devSampleIds, int poolSize, int devSize,
                          int shadowModelsTrained, int shadowModelsReused, double trainingSeconds, double wallSeconds,
                          Environment environment) {
    }

    private final Settings settings;
    private final Map<String, HyperParameters> resolved;
    private final ProgressListener progress;
    private final ProgressListener trainingProgress;
    private Study study;

    public UliraRunner(Settings settings, ProgressListener progress, ProgressListener trainingProgress) {
        this(settings, null, progress, trainingProgress);
    }

    /**
     * A runner whose real methods use {@code resolved} hyperparameters (by method name) instead of resolving them
     * (defaults, --tuned, --set) here: a campaign's workers use the values its starter resolved.
     */
    public UliraRunner(Settings settings, Map<String, HyperParameters> resolved, ProgressListener progress,
                       ProgressListener trainingProgress) {
        this.settings = settings;
        this.resolved = resolved;
        this.progress = progress;
        this.trainingProgress = trainingProgress;
    }

    /** The whole attack on this machine: every split's observations, then the attack over them. */
    public Results run() {
        long start = System.nanoTime();
        Study st = study();
        int perSplit = stepsPerSplit(st.plan());
        progress.start("U-LiRA", (long) settings.splits() * perSplit);
        List<SplitObservations> splits = new ArrayList<>();
        java.util.Set<String> failed = new java.util.HashSet<>();
        for (int s = 0; s < settings.splits(); s++) {
            SplitObservations o = observe(st, s, failed, (long) s * perSplit);
            failed.addAll(o.errors().keySet()); // a method that failed is not run again
            splits.add(o);
        }
        Results r = results(splits, (System.nanoTime() - start) / 1e9, Environment.capture());
        progress.finish(String.format(Locale.ROOT, "U-LiRA: %d methods, %d shadow models trained, %d reused",
                r.methods().size(), r.shadowModelsTrained(), r.shadowModelsReused()));
        return r;
    }

    /** Split {@code s}'s shadow models and every method's statistics on them (one campaign cell's work). */
    public SplitObservations observeSplit(int s) {
        if (s < 0 || s >= settings.splits()) {
            throw new IllegalArgumentException("split " + s + " is not in 0.." + (settings.splits() - 1));
        }
        return observe(study(), s, java.util.Set.of(), 0);
    }

    /** The real methods' hyperparameters, resolved as this runner resolves them (by method name). */
    public Map<String, HyperParameters> resolveHyperParameters() {
        return plan().hps();
    }

    /** The methods in the order of the report ("Retrain" and "Original" included). */
    public List<String> methodNames() {
        return plan().names();
    }

    /**
     * The attack over every split's observations ({@code splits}, in split order, one per split): per method the
     * standard and the parity attack, or the first error of a split in split order.
     */
    public Results results(List<SplitObservations> splits, double wallSeconds, Environment environment) {
        Plan plan = plan();
        int S = settings.splits();
        int F = settings.forgetSets();
        if (splits.size() != S) {
            throw new IllegalArgumentException("U-LiRA needs the observations of " + S + " splits, got " + splits.size());
        }
        SplitObservations any = splits.stream().filter(o -> o.devSampleIds() != null).findFirst()
                .orElseThrow(() -> new IllegalStateException("every U-LiRA split failed: " + splits.get(0).errors()));
        byte[][][] roles = new ShadowSplits(any.poolSize(), S, F).allRoles();
        List<MethodResult> results = new ArrayList<>();
        for (String n : plan.names()) {
            Map<String, Object> hp = plan.hps().containsKey(n) ? plan.hps().get(n).asMap() : Map.of();
            String error = splits.stream().map(o -> o.errors().get(n)).filter(java.util.Objects::nonNull).findFirst()
                    .orElse(null);
            if (error != null) {
                results.add(new MethodResult(n, hp, 0, Double.NaN, null, null, List.of(), error));
                continue;
            }
            double[][][] logit = new double[S][][];
            double[][][] correct = new double[S][][];
            double seconds = 0;
            for (int s = 0; s < S; s++) {
                logit[s] = splits.get(s).logit().get(n);
                correct[s] = splits.get(s).correct().get(n);
                seconds += splits.get(s).seconds().getOrDefault(n, 0.0);
            }
            List<MembershipAttack.Decision> std = MembershipAttack.run(logit, roles,
                    MembershipAttack.Statistic.LOGIT_CONFIDENCE, ATTACK_SEED);
            List<MembershipAttack.Decision> parity = MembershipAttack.run(correct, roles,
                    MembershipAttack.Statistic.CORRECTNESS, ATTACK_SEED);
            int models = S * F;
            double meanSeconds = plan.methods().containsKey(n) ? seconds / models : Double.NaN;
            results.add(new MethodResult(n, hp, models, meanSeconds, AttackMetrics.of(std), AttackMetrics.of(parity),
                    std, null));
        }
        int[] devIds = any.devSampleIds();
        return new Results(settings, results, devIds, any.poolSize(), devIds.length,
                splits.stream().mapToInt(SplitObservations::shadowModelsTrained).sum(),
                splits.stream().mapToInt(SplitObservations::shadowModelsReused).sum(),
                splits.stream().mapToDouble(SplitObservations::trainingSeconds).sum(), wallSeconds, environment);
    }

    /** The methods in the order asked, real ones with their resolved hyperparameters (validated up front). */
    private record Plan(List<String> names, Map<String, UnlearningMethod> methods, Map<String, HyperParameters> hps) {
    }

    private Plan plan() {
        HyperParameterResolver resolver = new HyperParameterResolver(settings.overrides(), settings.tunedDir(), false);
        Map<String, UnlearningMethod> methods = new LinkedHashMap<>();
        Map<String, HyperParameters> hps = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (String raw : settings.methods()) {
            String name = pseudoMethod(raw);
            if (name == null) {
                UnlearningMethod m = Methods.get(raw);
                name = m.name();
                methods.put(name, m);
                hps.put(name, resolved != null ? requireResolved(name) : resolver.resolve(m));
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return new Plan(names, methods, hps);
    }

    private HyperParameters requireResolved(String method) {
        HyperParameters hp = resolved.get(method);
        if (hp == null) {
            throw new IllegalArgumentException("no resolved hyperparameters for " + method);
        }
        return hp;
    }

    /** What every split needs: the methods, the train pool, the layout and the cached shadow models. */
    private record Study(Plan plan, TensorDataset pool, ShadowSplits splits, ShadowModels shadows) {
    }

    private Study study() {
        if (study == null) {
            Architectures.requireKnown(settings.arch());
            Plan plan = plan();
            // U-LiRA only uses the train pool; 10 test samples keep the unused test set cheap to prepare.
            ExperimentData data = ExperimentData.load(settings.dataset(), settings.dataDir(), settings.trainSize(), 10);
            ShadowSplits splits = new ShadowSplits(data.pool().size(), settings.splits(), settings.forgetSets());
            ShadowModels shadows = new ShadowModels(shadowCache(data), data.spec(settings.arch()),
                    settings.modelSeed(), settings.train(), data.pool(), splits, trainingProgress);
            study = new Study(plan, data.pool(), splits, shadows);
        }
        return study;
    }

    private Path shadowCache(ExperimentData data) {
        String key = String.join("|", "ulira-v1", settings.dataset(), data.splitId(),
                data.spec(settings.arch()).toString(), settings.train().toString(), String.valueOf(settings.trainSize()),
                String.valueOf(settings.modelSeed()));
        return settings.cacheDir().resolve("ulira").resolve(settings.dataset()).resolve(settings.arch())
                .resolve(Hashing.sha256(key).substring(0, 16));
    }

    /** Progress steps of one split: its original, then per forget set the retrained model and each method. */
    private int stepsPerSplit(Plan plan) {
        return 1 + settings.forgetSets() * (1 + plan.methods().size());
    }

    /**
     * Split {@code s}: its original and retrained shadow models, each of the plan's methods on the original of every
     * forget set (except the methods in {@code skip}, which failed earlier), the statistics of every dev sample.
     * A method that throws is recorded with its first error and not run again in this split.
     */
    private SplitObservations observe(Study st, int s, java.util.Set<String> skip, long done) {
        int F = settings.forgetSets();
        Plan plan = st.plan();
        ShadowSplits splits = st.splits();
        TensorDataset pool = st.pool();
        TensorDataset dev = pool.subset(splits.dev());
        TensorDataset val = pool.subset(splits.val());
        Map<String, double[][]> logit = new LinkedHashMap<>();
        Map<String, double[][]> correct = new LinkedHashMap<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (String n : plan.names()) {
            if (!skip.contains(n)) {
                logit.put(n, new double[F][]);
                correct.put(n, new double[F][]);
                seconds.put(n, 0.0);
            }
        }
        int trained0 = st.shadows().trained();
        int reused0 = st.shadows().reused();
        double seconds0 = st.shadows().trainingSeconds();
        boolean wantOriginal = logit.containsKey(ORIGINAL);
        boolean wantRetrain = logit.containsKey(RETRAIN);
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            progress.step(done, "split " + s + ": original");
            Network original = st.shadows().original(s, manager);
            progress.step(++done, "split " + s + ": original ready");
            Predictions originalOut = wantOriginal ? Evaluator.predict(original, dev) : null;
            for (int f = 0; f < F; f++) {
                String at = "split " + s + " forget set " + f + ": ";
                if (wantOriginal) {
                    logit.get(ORIGINAL)[f] = originalOut.logitScaledConfidences();
                    correct.get(ORIGINAL)[f] = originalOut.correctness();
                }
                progress.step(done, at + "retrain");
                try (Network retrain = st.shadows().retrain(s, f, manager)) { // trained even if unused: keeps the cache whole
                    if (wantRetrain) {
                        Predictions p = Evaluator.predict(retrain, dev);
                        logit.get(RETRAIN)[f] = p.logitScaledConfidences();
                        correct.get(RETRAIN)[f] = p.correctness();
                    }
                }
                progress.step(++done, at + "retrain ready");
                UnlearningData ud = new UnlearningData(pool.subset(splits.toPool(splits.retain(s, f))),
                        pool.subset(splits.toPool(splits.forget(s, f))), val);
                for (Map.Entry<String, UnlearningMethod> e : plan.methods().entrySet()) {
                    String name = e.getKey();
                    progress.step(done, at + name);
                    if (logit.containsKey(name)) {
                        try {
                            Unlearned u = unlearnAndPredict(e.getValue(), plan.hps().get(name), original, ud, dev);
                            seconds.merge(name, u.seconds(), Double::sum);
                            logit.get(name)[f] = u.predictions().logitScaledConfidences();
                            correct.get(name)[f] = u.predictions().correctness();
                        } catch (RuntimeException | OutOfMemoryError ex) {
                            errors.put(name, at + ex);
                            logit.remove(name);
                            correct.remove(name);
                            seconds.remove(name);
                        }
                    }
                    progress.step(++done, at + name + " done");
                }
            }
        }
        return new SplitObservations(s, pool.size(), dev.sampleIds(), logit, correct, seconds, errors,
                st.shadows().trained() - trained0, st.shadows().reused() - reused0,
                st.shadows().trainingSeconds() - seconds0);
    }

    /** The unlearned model's predictions on dev and the seconds of the unlearn call alone. */
    private record Unlearned(Predictions predictions, double seconds) {
    }

    private Unlearned unlearnAndPredict(UnlearningMethod method, HyperParameters hp, Network original,
                                       UnlearningData data, TensorDataset dev) {
        Network copy = original.copy();
        Network out = null;
        try {
            Engine.getInstance().setRandomSeed(settings.modelSeed());
            long t0 = System.nanoTime();
            out = method.unlearn(new UnlearningContext(copy, data, settings.modelSeed(), ProgressListener.NONE), hp);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Unlearned(Evaluator.predict(out, dev), seconds);
        } finally {
            if (out != null && out != copy) {
                out.close();
            }
            copy.close();
        }
    }

    /** "Retrain" / "Original" (any case), else null. */
    static String pseudoMethod(String raw) {
        String t = raw.trim();
        if (t.equalsIgnoreCase(RETRAIN) || t.equalsIgnoreCase("naive") || t.equalsIgnoreCase("R")) {
            return RETRAIN;
        }
        if (t.equalsIgnoreCase(ORIGINAL)) {
            return ORIGINAL;
        }
        return null;
    }
}
