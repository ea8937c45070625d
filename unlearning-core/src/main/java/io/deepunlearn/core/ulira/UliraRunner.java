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
    private final ProgressListener progress;
    private final ProgressListener trainingProgress;

    public UliraRunner(Settings settings, ProgressListener progress, ProgressListener trainingProgress) {
        this.settings = settings;
        this.progress = progress;
        this.trainingProgress = trainingProgress;
    }

    public Results run() {
        long start = System.nanoTime();
        Architectures.requireKnown(settings.arch());
        Plan plan = plan();
        // U-LiRA only uses the train pool; 10 test samples keep the unused test set cheap to prepare.
        ExperimentData data = ExperimentData.load(settings.dataset(), settings.dataDir(), settings.trainSize(), 10);
        ShadowSplits splits = new ShadowSplits(data.pool().size(), settings.splits(), settings.forgetSets());
        ShadowModels shadows = new ShadowModels(shadowCache(data), data.spec(settings.arch()), settings.modelSeed(),
                settings.train(), data.pool(), splits, trainingProgress);
        Observations obs = observe(plan, data.pool(), splits, shadows);
        byte[][][] roles = splits.allRoles();
        List<MethodResult> results = new ArrayList<>();
        for (String n : plan.names()) {
            Map<String, Object> hp = plan.hps().containsKey(n) ? plan.hps().get(n).asMap() : Map.of();
            if (obs.errors().containsKey(n)) {
                results.add(new MethodResult(n, hp, 0, Double.NaN, null, null, List.of(), obs.errors().get(n)));
                continue;
            }
            List<MembershipAttack.Decision> std = MembershipAttack.run(obs.logit().get(n), roles,
                    MembershipAttack.Statistic.LOGIT_CONFIDENCE, ATTACK_SEED);
            List<MembershipAttack.Decision> parity = MembershipAttack.run(obs.correct().get(n), roles,
                    MembershipAttack.Statistic.CORRECTNESS, ATTACK_SEED);
            int models = settings.splits() * settings.forgetSets();
            double meanSeconds = plan.methods().containsKey(n) ? obs.seconds().get(n) / models : Double.NaN;
            results.add(new MethodResult(n, hp, models, meanSeconds, AttackMetrics.of(std), AttackMetrics.of(parity),
                    std, null));
        }
        progress.finish(String.format(Locale.ROOT, "U-LiRA: %d methods, %d shadow models trained, %d reused",
                plan.names().size(), shadows.trained(), shadows.reused()));
        TensorDataset dev = data.pool().subset(splits.dev());
        return new Results(settings, results, dev.sampleIds(), data.pool().size(), dev.size(), shadows.trained(),
                shadows.reused(), shadows.trainingSeconds(), (System.nanoTime() - start) / 1e9, Environment.capture());
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
                hps.put(name, resolver.resolve(m));
            }
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        return new Plan(names, methods, hps);
    }

    private Path shadowCache(ExperimentData data) {
        String key = String.join("|", "ulira-v1", settings.dataset(), data.splitId(),
                data.spec(settings.arch()).toString(), settings.train().toString(), String.valueOf(settings.trainSize()),
                String.valueOf(settings.modelSeed()));
        return settings.cacheDir().resolve("ulira").resolve(settings.dataset()).resolve(settings.arch())
                .resolve(Hashing.sha256(key).substring(0, 16));
    }

    /** Per method: {@code [s][f][j]} statistics of every model, total unlearning seconds, first error if any. */
    private record Observations(Map<String, double[][][]> logit, Map<String, double[][][]> correct,
                                Map<String, Double> seconds, Map<String, String> errors) {
        void record(String name, int s, int f, Predictions p) {
            logit.get(name)[s][f] = p.logitScaledConfidences();
            correct.get(name)[s][f] = p.correctness();
        }
    }

    private Observations observe(Plan plan, TensorDataset pool, ShadowSplits splits, ShadowModels shadows) {
        int S = settings.splits();
        int F = settings.forgetSets();
        TensorDataset dev = pool.subset(splits.dev());
        TensorDataset val = pool.subset(splits.val());
        Observations obs = new Observations(new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>(),
                new LinkedHashMap<>());
        for (String n : plan.names()) {
            obs.logit().put(n, new double[S][F][]);
            obs.correct().put(n, new double[S][F][]);
            obs.seconds().put(n, 0.0);
        }
        boolean wantOriginal = plan.names().contains(ORIGINAL);
        boolean wantRetrain = plan.names().contains(RETRAIN);
        progress.start("U-LiRA", (long) S * (1 + (long) F * (1 + plan.methods().size())));
        long done = 0;
        for (int s = 0; s < S; s++) {
            try (NDManager manager = Engines.pytorch().newBaseManager()) {
                progress.step(done, "split " + s + ": original");
                Network original = shadows.original(s, manager);
                progress.step(++done, "split " + s + ": original ready");
                Predictions originalOut = wantOriginal ? Evaluator.predict(original, dev) : null;
                for (int f = 0; f < F; f++) {
                    String at = "split " + s + " forget set " + f + ": ";
                    if (wantOriginal) {
                        obs.record(ORIGINAL, s, f, originalOut);
                    }
                    progress.step(done, at + "retrain");
                    try (Network retrain = shadows.retrain(s, f, manager)) { // trained even if unused: keeps the cache whole
                        if (wantRetrain) {
                            obs.record(RETRAIN, s, f, Evaluator.predict(retrain, dev));
                        }
                    }
                    progress.step(++done, at + "retrain ready");
                    UnlearningData ud = new UnlearningData(pool.subset(splits.toPool(splits.retain(s, f))),
                            pool.subset(splits.toPool(splits.forget(s, f))), val);
                    for (Map.Entry<String, UnlearningMethod> e : plan.methods().entrySet()) {
                        String name = e.getKey();
                        progress.step(done, at + name);
                        if (!obs.errors().containsKey(name)) {
                            try {
                                Unlearned u = unlearnAndPredict(e.getValue(), plan.hps().get(name), original, ud, dev);
                                obs.seconds().merge(name, u.seconds(), Double::sum);
                                obs.record(name, s, f, u.predictions());
                            } catch (RuntimeException | OutOfMemoryError ex) {
                                obs.errors().put(name, at + ex);
                            }
                        }
                        progress.step(++done, at + name + " done");
                    }
                }
            }
        }
        return obs;
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
