package io.deepunlearn.core.bench;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.data.Datasets;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.method.HyperParameters;
import io.deepunlearn.core.method.Methods;
import io.deepunlearn.core.method.UnlearningContext;
import io.deepunlearn.core.method.UnlearningData;
import io.deepunlearn.core.method.UnlearningMethod;
import io.deepunlearn.core.metric.MetricCatalogue;
import io.deepunlearn.core.metric.UnlearningEvaluation;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.core.train.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a campaign in-process: for each dataset x architecture x seed, obtains (cached) original and retrained
 * models, evaluates them as the Original and Retrain reference rows, then runs every method on a private copy of
 * the original, timing only the {@code unlearn} call, and evaluates the result. A method that throws is recorded
 * as failed with its error and the campaign continues.
 */
public final class BenchmarkRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkRunner.class);

    private final BenchConfig config;
    private final ProgressListener progress;
    private final ProgressListener trainingProgress;
    private final MetricCatalogue metrics;

    public BenchmarkRunner(BenchConfig config, ProgressListener progress, ProgressListener trainingProgress) {
        this(config, progress, trainingProgress, MetricCatalogue.standard());
    }

    /** A runner that evaluates every model with {@code metrics}. */
    public BenchmarkRunner(BenchConfig config, ProgressListener progress, ProgressListener trainingProgress,
                           MetricCatalogue metrics) {
        this.config = config;
        this.progress = progress;
        this.trainingProgress = trainingProgress;
        this.metrics = metrics;
    }

    /** Every method's effective hyperparameters, validated before any training starts. */
    public Map<String, HyperParameters> resolveHyperParameters() {
        return resolve(methods());
    }

    /**
     * The campaign's fingerprint (everything that determines its runs, not where they are written): the run log's
     * marker, and the name of a distributed campaign's plan.
     */
    public static String fingerprint(BenchConfig config, Map<String, HyperParameters> resolved) {
        Map<String, Object> hp = new java.util.LinkedHashMap<>();
        resolved.forEach((k, v) -> hp.put(k, v.asMap()));
        return RunLog.fingerprint(config, hp);
    }

    public BenchmarkResults run() {
        List<UnlearningMethod> methods = methods();
        Map<String, HyperParameters> resolved = resolve(methods);
        RunLog log = new RunLog(config.outDir(), fingerprint(resolved));
        if (log.size() > 0) {
            LOG.info("resuming: {} runs already finished in {}", log.size(), config.outDir());
        }
        List<RunResult> runs = new ArrayList<>();
        List<BenchmarkResults.DatasetInfo> datasets = new ArrayList<>();
        long total = (long) config.datasets().size() * config.architectures().size() * config.seeds().size()
                * (methods.size() + 2);
        long done = 0;
        progress.start("benchmark", total);
        Engines.pytorch();
        for (String datasetName : config.datasets()) {
            ExperimentData experiment = ExperimentData.load(datasetName, config.dataDir(), config.trainSize(),
                    config.testSize());
            experiment.saveSplits(config.outDir().resolve("splits").resolve(datasetName));
            datasets.add(experiment.info());
            TrainConfig trainConfig = config.referenceTraining();
            for (String arch : config.architectures()) {
                ModelSpec spec = experiment.spec(arch);
                java.nio.file.Path cache = experiment.referenceCache(config.cacheDir(), arch, trainConfig);
                for (int seed : config.seeds()) {
                    List<String> rows = new ArrayList<>(List.of(Aggregation.ORIGINAL, Aggregation.RETRAIN));
                    methods.forEach(m -> rows.add(m.name()));
                    if (rows.stream().allMatch(m -> log.find(datasetName, arch, m, seed) != null)) {
                        rows.forEach(m -> runs.add(log.find(datasetName, arch, m, seed)));
                        done += rows.size();
                        progress.step(done, datasetName + "/" + arch + " seed " + seed + ": already done");
                        continue;
                    }
                    try (NDManager manager = Engines.pytorch().newBaseManager();
                         ReferenceModels.Pair refs = ReferenceModels.obtain(cache, spec, seed, experiment.data().retain(),
                                 experiment.data().forget(), trainConfig, manager, trainingProgress)) {
                        progress.step(done, datasetName + "/" + arch + " seed " + seed + ": references");
                        runs.add(logged(log, datasetName, arch, Aggregation.ORIGINAL, seed,
                                () -> referenceRow(experiment, arch, seed, refs, Aggregation.ORIGINAL)));
                        runs.add(logged(log, datasetName, arch, Aggregation.RETRAIN, seed,
                                () -> referenceRow(experiment, arch, seed, refs, Aggregation.RETRAIN)));
                        done += 2;
                        for (UnlearningMethod method : methods) {
                            progress.step(done, datasetName + "/" + arch + " seed " + seed + ": " + method.name());
                            runs.add(logged(log, datasetName, arch, method.name(), seed, () -> runMethod(experiment,
                                    arch, seed, method, resolved.get(method.name()), refs.original())));
                            progress.step(++done, datasetName + "/" + arch + " seed " + seed + ": " + method.name() + " done");
                        }
                    }
                }
            }
        }
        long failed = runs.stream().filter(r -> !r.ok()).count();
        progress.finish(runs.size() + " runs, " + failed + " failed");
        return results(config, datasets, runs, Environment.capture(), metrics);
    }

    /** A campaign's results from its runs (in campaign order): the summary is computed here, as for every run. */
    public static BenchmarkResults results(BenchConfig config, List<BenchmarkResults.DatasetInfo> datasets,
                                           List<RunResult> runs, Environment environment, MetricCatalogue metrics) {
        return new BenchmarkResults(config, datasets, runs, Aggregation.summary(runs, metrics), environment, metrics);
    }

    /**
     * Writes a finished campaign's run log (runs.jsonl and its campaign marker) into {@code config.outDir()}, as
     * {@link #run()} leaves it, so that a single-machine rerun into that directory resumes from it.
     */
    public static void writeRunLog(BenchConfig config, Map<String, HyperParameters> resolved, List<RunResult> runs) {
        RunLog log = new RunLog(config.outDir(), fingerprint(config, resolved));
        for (RunResult r : runs) {
            if (log.find(r.dataset(), r.arch(), r.method(), r.seed()) == null) {
                log.append(r);
            }
        }
    }

    /**
     * The {@link Aggregation#ORIGINAL} or {@link Aggregation#RETRAIN} row of one seed: that reference model
     * evaluated (Retrain's training time is RTE's numerator; the Original's time is 0).
     */
    public RunResult referenceRow(ExperimentData experiment, String arch, int seed, ReferenceModels.Pair refs,
                                  String row) {
        boolean original = Aggregation.ORIGINAL.equals(row);
        if (!original && !Aggregation.RETRAIN.equals(row)) {
            throw new IllegalArgumentException("not a reference row: " + row);
        }
        return original
                ? evaluate(experiment.dataset(), arch, row, seed, refs.original(), experiment.data(), experiment.test(),
                        0, Map.of())
                : evaluate(experiment.dataset(), arch, row, seed, refs.retrain(), experiment.data(), experiment.test(),
                        refs.retrainSeconds(), Map.of("epochs", config.epochs()));
    }

    /**
     * The results of the runs already recorded in the output directory, without training or running anything: the
     * seeds whose every row (Original, Retrain, each method; on every dataset and architecture) finished, ok or
     * failed. For a campaign still running or interrupted (a partial report; the leaderboard says which seeds are
     * missing), or to summarise recorded runs with a newer build. The directory must hold this campaign's runs (same
     * fingerprint as {@link #run()}); the datasets are loaded for their split sizes only.
     */
    public BenchmarkResults report() {
        List<UnlearningMethod> methods = methods();
        RunLog log = RunLog.existing(config.outDir(), fingerprint(resolve(methods)));
        List<String> rows = new ArrayList<>(List.of(Aggregation.ORIGINAL, Aggregation.RETRAIN));
        methods.forEach(m -> rows.add(m.name()));
        List<Integer> complete = config.seeds().stream().filter(seed -> config.datasets().stream().allMatch(d ->
                config.architectures().stream().allMatch(a -> rows.stream()
                        .allMatch(m -> log.recorded(d, a, m, seed) != null)))).toList();
        List<RunResult> runs = new ArrayList<>();
        List<BenchmarkResults.DatasetInfo> datasets = new ArrayList<>();
        for (String dataset : config.datasets()) {
            datasets.add(ExperimentData.load(dataset, config.dataDir(), config.trainSize(), config.testSize()).info());
            for (String arch : config.architectures()) {
                for (int seed : complete) {
                    rows.forEach(m -> runs.add(log.recorded(dataset, arch, m, seed)));
                }
            }
        }
        LOG.info("report from {} runs of seeds {} (asked for {})", runs.size(), complete, config.seeds());
        return results(config, datasets, runs, Environment.capture(), metrics);
    }

    private List<UnlearningMethod> methods() {
        config.datasets().forEach(Datasets::provider);
        config.architectures().forEach(Architectures::requireKnown);
        return config.methods().stream().map(Methods::get).toList();
    }

    /** Every method's hyperparameters, validating every override before any training starts. */
    private Map<String, HyperParameters> resolve(List<UnlearningMethod> methods) {
        HyperParameterResolver resolver = new HyperParameterResolver(config.overrides(), config.tunedDir(), config.quick());
        Map<String, HyperParameters> resolved = new java.util.LinkedHashMap<>();
        for (UnlearningMethod m : methods) {
            resolved.put(m.name(), resolver.resolve(m));
        }
        return resolved;
    }

    private String fingerprint(Map<String, HyperParameters> resolved) {
        return fingerprint(config, resolved);
    }

    /** The logged result of a finished run, or {@code run}'s result, appended to the log. */
    private static RunResult logged(RunLog log, String dataset, String arch, String method, int seed,
                                    java.util.function.Supplier<RunResult> run) {
        RunResult previous = log.find(dataset, arch, method, seed);
        if (previous != null) {
            return previous;
        }
        RunResult r = run.get();
        log.append(r);
        return r;
    }

    /**
     * One method on one seed: a private copy of {@code original} unlearned with the seed set, only the
     * {@code unlearn} call timed, then evaluated; a method that throws is a failed run with its error.
     */
    public RunResult runMethod(ExperimentData experiment, String arch, int seed, UnlearningMethod method,
                               HyperParameters hp, Network original) {
        String dataset = experiment.dataset();
        UnlearningData data = experiment.data();
        TensorDataset test = experiment.test();
        Network copy = original.copy();
        Network out = null;
        long t0 = System.nanoTime();
        try {
            ai.djl.engine.Engine.getInstance().setRandomSeed(seed);
            out = method.unlearn(new UnlearningContext(copy, data, seed, ProgressListener.NONE), hp);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return evaluate(dataset, arch, method.name(), seed, out, data, test, seconds, hp.asMap());
        } catch (RuntimeException | OutOfMemoryError e) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            LOG.warn("{} failed on {}/{} seed {}: {}", method.name(), dataset, arch, seed, e.toString());
            return RunResult.failed(dataset, arch, method.name(), seed, seconds, e.toString(), hp.asMap(),
                    metrics.names());
        } finally {
            if (out != null && out != copy) {
                out.close();
            }
            copy.close();
        }
    }

    private RunResult evaluate(String dataset, String arch, String method, int seed, Network net,
                               UnlearningData data, TensorDataset test, double seconds, Map<String, Object> hp) {
        return new RunResult(dataset, arch, method, seed, "ok", null,
                UnlearningEvaluation.evaluate(net, data, test, metrics), seconds, hp);
    }
}
