package io.deepunlearn.cli;

import io.deepunlearn.campaign.CampaignStore;
import io.deepunlearn.campaign.bench.BenchCampaign;
import io.deepunlearn.core.bench.BenchConfig;
import io.deepunlearn.core.bench.BenchmarkResults;
import io.deepunlearn.core.bench.BenchmarkRunner;
import io.deepunlearn.core.bench.Regime;
import io.deepunlearn.core.bench.ReportWriter;
import io.deepunlearn.core.method.Methods;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.pipeline.storage.ObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deepunlearn bench}: the Deep Unlearn benchmark with a leaderboard report. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the benchmark: train (and cache) original and retrained models per seed, run every method",
            "on every seed, evaluate (RA, FA, VA, TA, MIA, RetDev, RTE), rank, and write DIR/results.json,",
            "DIR/leaderboard.md, DIR/leaderboard.csv and DIR/report.html. Exits 1 if any run failed.",
            "With --workers N the same runs are cells of a campaign that N worker processes share through an",
            "object store; 'bench collect' writes the reports of a campaign run elsewhere (docs/benchmark.md)."},
        subcommands = CampaignCommand.Collect.class)
final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dataset", split = ",", paramLabel = "NAME", description = "Dataset(s). Default: fashion-mnist.")
    List<String> datasets;

    @Option(names = "--arch", split = ",", paramLabel = "ARCH", description = "Architecture(s). Default: small-cnn.")
    List<String> archs;

    @Option(names = "--methods", paramLabel = "all|LIST", description = "'all' (default) or a comma-separated list, e.g. MSG,CT,NG+.")
    String methods;

    @ArgGroup(exclusive = true, heading = "Seeds (default: --seeds 3; --quick: --seeds 1; --regime paper: --seeds 5)%n")
    SeedOptions seeds;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs of original/retrained training. Default: 5.")
    Integer epochs;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory. Default: out/bench.")
    Path out;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where trained original/retrained models are cached. Default: ~/.cache/deepunlearn/models.")
    Path cacheDir;

    @Option(names = "--set", paramLabel = "METHOD.KEY=VALUE",
            description = "Override a method hyperparameter, e.g. --set MSG.init_rate=0.4 (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML or JSON campaign file (see docs/benchmark.md); options given on the command line win.")
    Path configFile;

    @Option(names = "--tuned", paramLabel = "DIR", description = "Use tuned hyperparameters from best.json files under DIR (from 'deepunlearn tune').")
    Path tuned;

    @Option(names = "--regime", paramLabel = "NAME",
            description = "A named scale whose values apply unless given here or in --config: 'paper' = the paper's "
                    + "Fashion-MNIST recipe at CPU scale (3 000 images, 50 epochs, batch 256, lr 0.1, 5 seeds; docs/benchmark.md).")
    String regime;

    @Option(names = "--quick", description = "Seconds-scale smoke run: synthetic data (600 train / 200 test), small CNN, 1 seed, 8 training epochs, method epochs capped at 2.")
    boolean quick;

    @Option(names = "--report-only", description = {"Run nothing: write results.json and the reports from the runs "
            + "already in DIR/runs.jsonl (same options as the campaign that wrote them; only seeds whose every run "
            + "finished; a partial campaign says which seeds are missing). Also re-summarises recorded runs with this "
            + "build."})
    boolean reportOnly;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Mixin
    ScaleOptions scale;

    @Option(names = "--workers", paramLabel = "N",
            description = {"Run the benchmark as a campaign of N worker processes on this machine, through the object",
                "store of the DEEPUNLEARN_S3_* variables, else an embedded S3 server over DIR/store (a rerun resumes)."})
    Integer workers;

    @Option(names = "--campaign", paramLabel = "NAME",
            description = "The campaign's name in the store (with --workers or --as-worker). Default: bench-<fingerprint of the settings>.")
    String campaign;

    @Option(names = "--as-worker",
            description = {"Start or join the campaign and work on it in this process until every cell has a result;",
                "write no reports ('bench collect' does). What each pod of the campaign Job runs (deploy/k8s)."})
    boolean asWorker;

    @Mixin
    StoreOptions store;

    @Mixin
    WorkerOptions worker;

    @Override
    public Integer call() throws Exception {
        BenchConfig config = config();
        if (workers != null && asWorker) {
            throw new IllegalArgumentException("--workers and --as-worker exclude each other");
        }
        if (reportOnly && (workers != null || asWorker)) {
            throw new IllegalArgumentException("--report-only reads a local run log; a campaign's reports come from "
                    + "'bench collect'");
        }
        if (campaign != null && workers == null && !asWorker) {
            throw new IllegalArgumentException("--campaign names the campaign of --workers or --as-worker");
        }
        if (workers != null || asWorker) {
            String name = campaign != null ? campaign : BenchCampaign.defaultName(config);
            if (asWorker) {
                try (ObjectStore objects = store.open(System.getenv())) {
                    objects.ensureUnversionedBucket(store.bucket);
                    CampaignStore cs = store.campaign(objects, name);
                    return CampaignCommand.work(cs, cs.createOrJoin(BenchCampaign.plan(name, config)), worker,
                            config.dataDir(), config.cacheDir());
                }
            }
            long failed = new LocalCampaign(BenchCampaign.plan(name, config), config.outDir(), config.cacheDir(),
                    config.dataDir(), workers, store, worker, !noProgress).run();
            return failed > 0 ? Cli.FAILED : 0;
        }
        boolean bars = !noProgress && !reportOnly;
        BenchmarkRunner runner = new BenchmarkRunner(config, new ProgressBars(bars),
                bars ? new ProgressBars(true) : ProgressListener.NONE);
        BenchmarkResults results = reportOnly ? runner.report() : runner.run();
        ReportWriter.writeAll(results, config.outDir());
        System.out.printf("%d runs (%d failed); leaderboard: %s%n", results.runs().size(), results.failedRuns(),
                config.outDir().resolve("leaderboard.md"));
        return results.failedRuns() > 0 ? Cli.FAILED : 0;
    }

    /** The campaign's configuration: command line, then --config file, then --regime / --quick, then defaults. */
    BenchConfig config() {
        scale.validate();
        CampaignFile file = configFile == null ? CampaignFile.empty() : CampaignFile.read(configFile);
        boolean explicitBatch = spec.commandLine().getParseResult().hasMatchedOption("--batch-size");
        boolean explicitLr = spec.commandLine().getParseResult().hasMatchedOption("--lr");
        if (regime != null && quick) {
            throw new IllegalArgumentException("--regime and --quick exclude each other");
        }
        Regime r = regime == null ? null : Regime.named(regime);
        return new BenchConfig(
                pick(datasets, file.datasets(), r != null ? List.of(r.dataset()) : List.of(quick ? "synthetic" : "fashion-mnist")),
                pick(archs, file.architectures(), List.of(r != null ? r.arch() : "small-cnn")),
                Methods.parseList(pick(methods, file.methods(), "all")).stream().map(m -> m.name()).toList(),
                pick(SeedOptions.resolve(seeds, null), file.seeds(),
                        SeedOptions.first(r != null ? r.seeds() : quick ? 1 : 3)),
                pick(scale.trainSize, file.trainSize(), r != null ? (Integer) r.trainSize() : quick ? (Integer) 600 : null),
                pick(scale.testSize, file.testSize(), r != null ? (Integer) r.testSize() : quick ? (Integer) 200 : null),
                pick(epochs, file.epochs(), r != null ? r.epochs() : quick ? 8 : 5),
                explicitBatch ? scale.batchSize : pick(null, file.batchSize(),
                        r != null ? r.batchSize() : quick ? 64 : scale.batchSize),
                explicitLr ? scale.learningRate : pick(null, file.learningRate(),
                        r != null ? r.learningRate() : quick ? 0.05 : scale.learningRate),
                scale.dataDir,
                pick(out, file.out(), Path.of("out", "bench")),
                pick(cacheDir, null, Path.of(System.getProperty("user.home"), ".cache", "deepunlearn", "models")),
                overrides(file.hyperparameters()),
                pick(tuned, file.tuned(), null),
                quick);
    }

    private Map<String, Map<String, Object>> overrides(Map<String, Map<String, Object>> fromFile) {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        fromFile.forEach((m, kv) -> all.computeIfAbsent(Methods.get(m).name(), k -> new LinkedHashMap<>()).putAll(kv));
        for (String s : sets) {
            int eq = s.indexOf('=');
            int dot = s.indexOf('.');
            if (eq < 0 || dot < 0 || dot > eq) {
                throw new IllegalArgumentException("--set expects METHOD.KEY=VALUE, got '" + s + "'");
            }
            String method = Methods.get(s.substring(0, dot)).name();
            all.computeIfAbsent(method, k -> new LinkedHashMap<>()).put(s.substring(dot + 1, eq), s.substring(eq + 1));
        }
        return all;
    }

    private static <T> T pick(T cli, T file, T fallback) {
        return cli != null ? cli : file != null ? file : fallback;
    }
}
