package io.deepunlearn.cli;

import io.deepunlearn.campaign.CampaignPlan;
import io.deepunlearn.campaign.CampaignStore;
import io.deepunlearn.campaign.tune.TuneCampaign;
import io.deepunlearn.core.bench.ExperimentData;
import io.deepunlearn.core.bench.Regime;
import io.deepunlearn.core.method.Methods;
import io.deepunlearn.core.method.UnlearningMethod;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.core.train.TrainConfig;
import io.deepunlearn.core.tune.TrialSelection;
import io.deepunlearn.core.tune.Tuner;
import io.deepunlearn.core.tune.UnlearningTrialEvaluator;
import io.deepunlearn.pipeline.storage.ObjectStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deepunlearn tune}: the per-method hyperparameter search of docs/reference.md#hp-search, written to DIR/best.json. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Search a method's hyperparameters (space: docs/reference.md#search-space, E_max = ceil(0.2 x --epochs)): one study per",
            "seed on that seed's original model, 4 objectives against the same-seed retrained model (|dRA|/3, |dFA|/3,",
            "|dVA|/3, 1 - Indisc(val MIA)), best trial by L2 norm across seeds. Writes DIR/trials.jsonl (as trials",
            "finish; rerun the same command to resume), DIR/study.json and DIR/best.json (for bench --tuned)."})
final class TuneCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", defaultValue = "fashion-mnist", paramLabel = "NAME", description = "Dataset. Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--arch", defaultValue = "small-cnn", paramLabel = "ARCH", description = "Architecture. Default: ${DEFAULT-VALUE}.")
    String arch;

    @Option(names = "--method", required = true, paramLabel = "M", description = "The method to tune, e.g. MSG or NG+.")
    String method;

    @Option(names = "--trials", defaultValue = "20", paramLabel = "T",
            description = "Trials per seed (the paper: 100). Default: ${DEFAULT-VALUE}.")
    int trials;

    @ArgGroup(exclusive = true, heading = "Search seeds (default: --seeds 3, i.e. 0,1,2, the paper's)%n")
    SeedOptions seeds;

    @Option(names = "--sampler", defaultValue = "nsga3", paramLabel = "nsga3|random",
            description = "NSGA-III (jMetal) or random search. Default: ${DEFAULT-VALUE}.")
    String sampler;

    @Option(names = "--epochs", defaultValue = "5", paramLabel = "E",
            description = "Epochs of original/retrained training (sets E_max). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--max-epochs", paramLabel = "N", description = "E_max of the search space. Default: ceil(0.2 x --epochs).")
    Integer maxEpochs;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = {"Run the seeds' studies in up to N worker processes (one JVM each: DJL allows one",
                "gradient collector per JVM), capped by seeds, cores and free memory. Default: ${DEFAULT-VALUE}."})
    int workers;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory. Default: out/tune/<method>.")
    Path out;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Cache of original/retrained models (shared with bench). Default: ~/.cache/deepunlearn/models.")
    Path cacheDir;

    @Option(names = "--regime", paramLabel = "NAME",
            description = {"A named scale whose values apply unless given here: 'paper' = the paper's Fashion-MNIST recipe",
                "at CPU scale (the references of bench --regime paper: 3 000 training images, 2 000 test images,",
                "50 epochs, batch 256, lr 0.1; so E_max = ceil(0.2 x 50) = 10, the paper's search bound)."})
    String regime;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Option(names = "--select-only",
            description = "Run no trial: select the best of the trials already in DIR/trials.jsonl (at most --trials per seed), e.g. after stopping a search early.")
    boolean selectOnly;

    /** Set by the parent for its worker processes: run the studies, leave selection to the parent. */
    @Option(names = "--worker", hidden = true)
    boolean worker;

    @Mixin
    ScaleOptions scale;

    @Option(names = "--campaign", paramLabel = "NAME",
            description = {"Run the search as a campaign in the object store (DEEPUNLEARN_S3_*, else an embedded one over",
                "DIR/store): one cell per seed's study, --workers N local worker processes, selection over the stored",
                "trials into DIR. 'auto' names it tune-<method>-<fingerprint> (docs/tuning.md)."})
    String campaign;

    @Option(names = "--as-worker",
            description = "With --campaign: start or join it and work on it in this process (what each pod of a campaign Job runs).")
    boolean asWorker;

    @Mixin
    StoreOptions store;

    @Mixin
    WorkerOptions workerOptions;

    @Override
    public Integer call() throws Exception {
        applyRegime();
        scale.validate();
        UnlearningMethod m = Methods.get(method);
        Architectures.requireKnown(arch);
        List<Integer> seedList = SeedOptions.resolve(seeds, SeedOptions.first(3));
        int eMax = maxEpochs != null ? maxEpochs : (int) Math.ceil(0.2 * epochs);
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        }
        Path dir = out != null ? out : Path.of("out", "tune", m.name());
        Path cache = cacheDir != null ? cacheDir : ScaleOptions.defaultCacheDir();
        TrainConfig recipe = scale.referenceRecipe(epochs);
        Tuner.Settings validated = new Tuner.Settings(seedList, trials, sampler, eMax, Map.of()); // before any work
        if (asWorker && campaign == null) {
            throw new IllegalArgumentException("--as-worker needs --campaign NAME");
        }
        if (campaign != null) {
            return campaign(m, seedList, eMax, dir, cache);
        }
        int processes = worker || selectOnly ? 1 : TuneWorkers.affordable(workers, seedList.size(), arch);
        if (processes > 1) {
            new TuneWorkers(dir, (long) trials * seedList.size(), !noProgress,
                    spec.commandLine().getParseResult().originalArgs()).run(TuneWorkers.partition(seedList, processes));
        }
        ExperimentData data = ExperimentData.load(dataset, scale.dataDir, scale.trainSize, scale.testSize);
        Map<String, Object> context = context(data);
        Tuner.Settings settings = new Tuner.Settings(validated.seeds(), trials, sampler, eMax, context);
        ProgressListener bar = noProgress || worker ? ProgressListener.NONE : new ProgressBars(true);
        long t0 = System.nanoTime();
        try (UnlearningTrialEvaluator evaluator = new UnlearningTrialEvaluator(m, data, arch, cache, recipe,
                noProgress || worker ? ProgressListener.NONE : new ProgressBars(true))) {
            Tuner tuner = new Tuner(m, settings, dir, evaluator, bar);
            if (worker) {
                tuner.runStudies();
                return 0;
            }
            TrialSelection.Result r = selectOnly ? tuner.select() : tuner.run();
            java.io.PrintWriter stdout = spec.commandLine().getOut();
            stdout.printf(Locale.ROOT, "%s: best score %.4f (seed %d, trial %d) of %d trials in %.0f s; %s%n",
                    m.name(), r.best().score(), r.best().seed(), r.best().number(), r.trials(),
                    (System.nanoTime() - t0) / 1e9, dir.resolve("best.json"));
            stdout.println("hyperparameters: " + r.best().hyperparameters());
            stdout.flush();
        }
        return 0;
    }

    /**
     * The regime's values for every option not given on the command line: the same references as
     * {@code bench --regime NAME} (so a tuned best.json applies to that leaderboard), E_max from its epochs.
     */
    void applyRegime() {
        if (regime == null) {
            return;
        }
        Regime r = Regime.named(regime);
        picocli.CommandLine.ParseResult p = spec.commandLine().getParseResult();
        if (!p.hasMatchedOption("--dataset")) {
            dataset = r.dataset();
        }
        if (!p.hasMatchedOption("--arch")) {
            arch = r.arch();
        }
        if (!p.hasMatchedOption("--epochs")) {
            epochs = r.epochs();
        }
        if (!p.hasMatchedOption("--train-size")) {
            scale.trainSize = r.trainSize();
        }
        if (!p.hasMatchedOption("--test-size")) {
            scale.testSize = r.testSize();
        }
        if (!p.hasMatchedOption("--batch-size")) {
            scale.batchSize = r.batchSize();
        }
        if (!p.hasMatchedOption("--lr")) {
            scale.learningRate = r.learningRate();
        }
    }

    /** What the trials depend on besides the method; recorded in study.json and best.json. */
    private Map<String, Object> context(ExperimentData data) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("dataset", dataset);
        context.put("arch", arch);
        context.put("split_id", data.splitId());
        context.put("train_size", scale.trainSize);
        context.put("test_size", scale.testSize);
        context.put("epochs", epochs);
        context.put("batch_size", scale.batchSize);
        context.put("lr", scale.learningRate);
        return context;
    }

    /** The search as a campaign: local worker processes, or this process as one worker (--as-worker). */
    private int campaign(UnlearningMethod m, List<Integer> seedList, int eMax, Path dir, Path cache) throws Exception {
        ExperimentData data = ExperimentData.load(dataset, scale.dataDir, scale.trainSize, scale.testSize);
        TuneCampaign.Spec tuneSpec = new TuneCampaign.Spec(m.name(), dataset, arch, seedList, trials, sampler, eMax,
                scale.trainSize, scale.testSize, epochs, scale.batchSize, scale.learningRate, context(data));
        String name = campaign.equals("auto") ? TuneCampaign.defaultName(tuneSpec) : campaign;
        CampaignPlan plan = TuneCampaign.plan(name, tuneSpec);
        if (asWorker) {
            try (ObjectStore objects = store.open(System.getenv())) {
                objects.ensureUnversionedBucket(store.bucket);
                CampaignStore cs = store.campaign(objects, name);
                return CampaignCommand.work(cs, cs.createOrJoin(plan), workerOptions, scale.dataDir, cache);
            }
        }
        long failed = new LocalCampaign(plan, dir, cache, scale.dataDir, workers, store, workerOptions, !noProgress)
                .run();
        spec.commandLine().getOut().printf("%s: campaign %s collected into %s (%d failed studies)%n", m.name(), name,
                dir.resolve("best.json"), failed);
        spec.commandLine().getOut().flush();
        return failed > 0 ? Cli.FAILED : 0;
    }
}
