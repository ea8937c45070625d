package io.deepunlearn.cli;

import io.deepunlearn.campaign.CampaignPlan;
import io.deepunlearn.campaign.CampaignProgress;
import io.deepunlearn.campaign.CampaignStore;
import io.deepunlearn.campaign.CampaignWorker;
import io.deepunlearn.campaign.Campaigns;
import io.deepunlearn.campaign.WorkerMetrics;
import io.deepunlearn.campaign.tune.TuneCampaign;
import io.deepunlearn.pipeline.storage.ObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code deepunlearn campaign}: the cell protocol's commands, for any campaign kind. {@code bench --workers N}
 * starts local workers with {@code campaign worker}; a Kubernetes Indexed Job runs {@code bench --as-worker} in
 * each pod (docs/benchmark.md).
 */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = {"Campaigns split into cells that worker processes claim through the object store",
            "(DEEPUNLEARN_S3_* environment variables). See docs/benchmark.md#campaigns-on-many-workers."},
        subcommands = {CampaignCommand.Worker.class, CampaignCommand.Status.class, CampaignCommand.Collect.class})
final class CampaignCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs one worker in this process until every cell of {@code plan} has a result; 0 when it ends so. */
    static int work(CampaignStore store, CampaignPlan plan, WorkerOptions options, Path dataDir, Path cacheDir)
            throws InterruptedException {
        CampaignWorker.Settings settings = options.settings();
        try (WorkerMetrics metrics = new WorkerMetrics(plan.name())) {
            if (options.metricsPort >= 0) {
                System.err.printf("worker %s: metrics at :%d%s%n", settings.workerId(),
                        metrics.serve(options.metricsPort), WorkerMetrics.PATH);
            }
            CampaignWorker.Report report = new CampaignWorker(store, plan,
                    Campaigns.runner(store, plan, dataDir, cacheDir), settings, metrics).run();
            System.out.printf("worker %s: ran %d cell(s) (%d taken over); campaign %s: %s%n", settings.workerId(),
                    report.ran(), report.reclaimed(), plan.name(), report.counts());
            return 0;
        }
    }

    static CampaignPlan plan(CampaignStore store) {
        return store.plan().orElseThrow(() -> new IllegalArgumentException("no campaign '" + store.name()
                + "' in bucket " + store.bucket() + " (start it with bench, tune or ulira --workers N or --as-worker)"));
    }

    @Command(name = "worker", mixinStandardHelpOptions = true,
            description = "Join an existing campaign as one worker: claim and run cells until every cell has a result.")
    static final class Worker implements Callable<Integer> {

        @Option(names = "--campaign", required = true, paramLabel = "NAME", description = "The campaign's name.")
        String campaign;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory holding the dataset files (as for bench).")
        Path dataDir;

        @Option(names = "--cache-dir", paramLabel = "DIR",
                description = "Local cache of reference models (mirrors the store's). Default: ~/.cache/deepunlearn/models.")
        Path cacheDir;

        @Mixin
        StoreOptions store;

        @Mixin
        WorkerOptions worker;

        @Override
        public Integer call() throws InterruptedException {
            try (ObjectStore objects = store.open(System.getenv())) {
                CampaignStore cs = store.campaign(objects, campaign);
                return work(cs, plan(cs), worker, dataDir,
                        cacheDir != null ? cacheDir : ScaleOptions.defaultCacheDir());
            }
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Print a campaign's cells done, failed, running and pending, and its ETA. Exits 0 when every cell has a result, 3 while cells remain.")
    static final class Status implements Callable<Integer> {

        @Option(names = "--campaign", required = true, paramLabel = "NAME", description = "The campaign's name.")
        String campaign;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (ObjectStore objects = store.open(System.getenv())) {
                CampaignStore cs = store.campaign(objects, campaign);
                CampaignPlan plan = plan(cs);
                CampaignProgress.Counts counts = new CampaignProgress(cs, plan, Duration.ofDays(1), System::nanoTime)
                        .update(cs.snapshot(), null);
                System.out.printf("campaign %s (%s, %d cells): %s%n", plan.name(), plan.kind(), plan.cells().size(),
                        counts);
                if (TuneCampaign.KIND.equals(plan.kind())) {
                    TuneCampaign.Spec search = TuneCampaign.spec(plan);
                    System.out.printf("%s: %d of %d trials logged (%d seeds x %d trials)%n", search.method(),
                            TuneCampaign.trialsLogged(cs, plan), (long) search.seeds().size() * search.trials(),
                            search.seeds().size(), search.trials());
                }
                return counts.complete() ? 0 : 3;
            }
        }
    }

    @Command(name = "collect", mixinStandardHelpOptions = true,
            description = {"Assemble a finished campaign's reports from the store, as the single-machine command writes",
                "them: bench, DIR/results.json, leaderboard.md/.csv and report.html; tune, DIR/trials.jsonl, study.json",
                "and best.json; ulira, DIR/ulira.json, ulira-samples.json.gz and ulira.html. Exits 1 if any run,",
                "study or method failed."})
    static final class Collect implements Callable<Integer> {

        @Option(names = "--campaign", required = true, paramLabel = "NAME", description = "The campaign's name.")
        String campaign;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (ObjectStore objects = store.open(System.getenv())) {
                CampaignStore cs = store.campaign(objects, campaign);
                long failed = Campaigns.collect(cs, plan(cs), out);
                System.out.printf("campaign %s collected into %s (%d failed)%n", campaign, out, failed);
                return failed > 0 ? Cli.FAILED : 0;
            }
        }
    }
}
