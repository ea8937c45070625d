package io.deepunlearn.cli;

import io.deepunlearn.campaign.CampaignPlan;
import io.deepunlearn.campaign.CampaignStore;
import io.deepunlearn.campaign.ulira.UliraCampaign;
import io.deepunlearn.core.bench.Regime;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.core.ulira.UliraReport;
import io.deepunlearn.core.ulira.UliraRunner;
import io.deepunlearn.pipeline.storage.ObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deepunlearn ulira}: the per-sample unlearning likelihood-ratio attack of docs/reference.md#ulira. */
@Command(name = "ulira", mixinStandardHelpOptions = true,
        description = {"Run U-LiRA: split the train pool into member / never-seen halves per shadow split, forget sets",
            "inside the members, train (and cache) original and retrained shadow models, apply each method to each",
            "original, and attack every held-out split with per-sample Gaussians of the logit-scaled confidence",
            "(standard) and Bernoullis of 0/1 correctness (reference parity). 'Retrain' and 'Original' may be listed",
            "as methods. Writes DIR/ulira.json, DIR/ulira-samples.json.gz and DIR/ulira.html (ROC per method).",
            "With --workers N the shadow splits are cells of a campaign that N worker processes share through an",
            "object store; 'campaign collect' writes the report of a campaign run elsewhere (docs/ulira.md)."})
final class UliraCommand implements Callable<Integer> {

    @Option(names = "--dataset", defaultValue = "fashion-mnist", paramLabel = "NAME", description = "Dataset. Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--arch", defaultValue = "small-cnn", paramLabel = "ARCH", description = "Architecture. Default: ${DEFAULT-VALUE}.")
    String arch;

    @Option(names = "--methods", required = true, paramLabel = "LIST", description = "Comma-separated, e.g. MSG,CT,FT,Retrain.")
    String methods;

    @Option(names = "--shadows", defaultValue = "16", paramLabel = "K",
            description = "Shadow splits (member/never-seen halves; the reference: 64). Default: ${DEFAULT-VALUE}.")
    int shadows;

    @Option(names = "--forget-sets", defaultValue = "4", paramLabel = "F",
            description = "Forget sets per split (the reference: 10). Default: ${DEFAULT-VALUE}.")
    int forgetSets;

    @Option(names = "--epochs", defaultValue = "5", paramLabel = "E", description = "Epochs of shadow-model training. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--model-seed", defaultValue = "0", paramLabel = "S",
            description = "Initial weights of every shadow model (the reference: 0). Default: ${DEFAULT-VALUE}.")
    int modelSeed;

    @Option(names = "--tuned", paramLabel = "DIR", description = "Use tuned hyperparameters from best.json files under DIR.")
    Path tuned;

    @Option(names = "--set", paramLabel = "METHOD.KEY=VALUE", description = "Override a method hyperparameter (repeatable).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory. Default: out/ulira.")
    Path out;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Cache of shadow models (reused across methods and runs). Default: ~/.cache/deepunlearn/models.")
    Path cacheDir;

    @Option(names = "--regime", paramLabel = "NAME",
            description = "A named scale whose values apply unless given here: 'paper' = the paper's Fashion-MNIST recipe "
                    + "at CPU scale (1 000-image pool, 50 epochs, batch 256, lr 0.1, 16 splits x 2 forget sets).")
    String regime;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Mixin
    ScaleOptions scale;

    @Option(names = "--workers", paramLabel = "N",
            description = {"Run U-LiRA as a campaign of N worker processes on this machine (one cell per shadow split),",
                "through the object store (DEEPUNLEARN_S3_*, else an embedded one over DIR/store); the attack runs",
                "over the stored splits into DIR."})
    Integer workers;

    @Option(names = "--campaign", paramLabel = "NAME",
            description = {"Run as the campaign NAME in the store (with --workers N: N local workers, else 1; with",
                "--as-worker: this process). 'auto' or absent: ulira-<fingerprint of the settings>."})
    String campaign;

    @Option(names = "--as-worker",
            description = {"Start or join the campaign and work on it in this process until every split has a result;",
                "write no report ('campaign collect' does). What each pod of a campaign Job runs."})
    boolean asWorker;

    @Mixin
    StoreOptions store;

    @Mixin
    WorkerOptions workerOptions;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        scale.validate();
        Map<String, Map<String, Object>> overrides = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            int dot = s.indexOf('.');
            if (eq < 0 || dot < 0 || dot > eq) {
                throw new IllegalArgumentException("--set expects METHOD.KEY=VALUE, got '" + s + "'");
            }
            overrides.computeIfAbsent(s.substring(0, dot), k -> new LinkedHashMap<>()).put(s.substring(dot + 1, eq),
                    s.substring(eq + 1));
        }
        List<String> names = Arrays.stream(methods.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        if (regime != null) {
            applyRegime(Regime.named(regime));
        }
        UliraRunner.Settings settings = new UliraRunner.Settings(dataset, arch, names, shadows, forgetSets, modelSeed,
                scale.trainSize, scale.referenceRecipe(epochs), scale.dataDir,
                cacheDir != null ? cacheDir : ScaleOptions.defaultCacheDir(), overrides, tuned);
        Path dir = out != null ? out : Path.of("out", "ulira");
        if (workers != null && asWorker) {
            throw new IllegalArgumentException("--workers and --as-worker exclude each other");
        }
        if (workers != null || asWorker || campaign != null) {
            return campaign(settings, dir);
        }
        UliraRunner.Results r = new UliraRunner(settings, new ProgressBars(!noProgress),
                noProgress ? ProgressListener.NONE : new ProgressBars(true)).run();
        UliraReport.write(r, dir);
        java.io.PrintWriter stdout = spec.commandLine().getOut();
        int failed = 0;
        for (UliraRunner.MethodResult m : r.methods()) {
            if (m.error() != null) {
                failed++;
                stdout.printf(Locale.ROOT, "%-8s failed: %s%n", m.method(), m.error());
            } else {
                stdout.printf(Locale.ROOT, "%-8s balanced accuracy %.3f  AUC %.3f  TPR@1%%FPR %.3f  (parity: %.3f)%n",
                        m.method(), m.standard().balancedAccuracy(), m.standard().auc(), m.standard().tprAt1PercentFpr(),
                        m.parity().balancedAccuracy());
            }
        }
        stdout.printf(Locale.ROOT, "U-LiRA in %.0f s; %s%n", r.wallSeconds(), dir.resolve("ulira.json"));
        stdout.flush();
        return failed > 0 ? Cli.FAILED : 0;
    }

    /** U-LiRA as a campaign: local worker processes and the report, or this process as one worker (--as-worker). */
    private int campaign(UliraRunner.Settings settings, Path dir) throws Exception {
        UliraCampaign.Spec uliraSpec = UliraCampaign.spec(settings);
        String name = campaign == null || campaign.equals("auto") ? UliraCampaign.defaultName(uliraSpec) : campaign;
        CampaignPlan plan = UliraCampaign.plan(name, uliraSpec);
        if (asWorker) {
            try (ObjectStore objects = store.open(System.getenv())) {
                objects.ensureUnversionedBucket(store.bucket);
                CampaignStore cs = store.campaign(objects, name);
                return CampaignCommand.work(cs, cs.createOrJoin(plan), workerOptions, scale.dataDir,
                        settings.cacheDir());
            }
        }
        long failed = new LocalCampaign(plan, dir, settings.cacheDir(), scale.dataDir, workers != null ? workers : 1,
                store, workerOptions, !noProgress).run();
        spec.commandLine().getOut().printf(Locale.ROOT, "U-LiRA: campaign %s collected into %s (%d failed methods)%n",
                name, dir.resolve("ulira.json"), failed);
        spec.commandLine().getOut().flush();
        return failed > 0 ? Cli.FAILED : 0;
    }

    /** The regime's values for every option not given on the command line. */
    private void applyRegime(Regime r) {
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
        if (!p.hasMatchedOption("--shadows")) {
            shadows = r.uliraShadows();
        }
        if (!p.hasMatchedOption("--forget-sets")) {
            forgetSets = r.uliraForgetSets();
        }
        if (!p.hasMatchedOption("--train-size")) {
            scale.trainSize = r.uliraTrainSize();
        }
        if (!p.hasMatchedOption("--batch-size")) {
            scale.batchSize = r.batchSize();
        }
        if (!p.hasMatchedOption("--lr")) {
            scale.learningRate = r.learningRate();
        }
    }
}
