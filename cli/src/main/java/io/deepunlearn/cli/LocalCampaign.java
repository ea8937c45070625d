package io.deepunlearn.cli;

import io.deepunlearn.campaign.CampaignPlan;
import io.deepunlearn.campaign.CampaignProgress;
import io.deepunlearn.campaign.CampaignStore;
import io.deepunlearn.campaign.Campaigns;
import io.deepunlearn.infra.EmbeddedS3;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code bench --workers N} (and {@code tune --workers N --campaign NAME}): the cluster protocol on one machine. Writes the plan to the object store (the
 * DEEPUNLEARN_S3_* one, else an embedded S3 server over OUT/store that this process serves while the campaign
 * runs, so a rerun resumes from it), starts N {@code campaign worker} processes (one JVM each: DJL allows one
 * gradient collector per JVM), shows their progress from the store, then collects the reports into OUT exactly as
 * {@code bench collect} would. A worker that dies is replaced by no one: the others take its cell over when its
 * lease expires, and the campaign finishes as long as one worker lives.
 */
final class LocalCampaign {

    private final CampaignPlan plan;
    private final String name;
    private final Path outDir;
    private final Path cacheDir;
    private final Path dataDir;
    private final int workers;
    private final StoreOptions storeOptions;
    private final WorkerOptions workerOptions;
    private final boolean bar;

    /** The campaign {@code plan} with data from {@code dataDir}, models cached in {@code cacheDir}, outputs in {@code outDir}. */
    LocalCampaign(CampaignPlan plan, Path outDir, Path cacheDir, Path dataDir, int workers, StoreOptions storeOptions,
                  WorkerOptions workerOptions, boolean bar) {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        }
        this.plan = plan;
        this.name = plan.name();
        this.outDir = outDir;
        this.cacheDir = cacheDir;
        this.dataDir = dataDir;
        this.workers = workers;
        this.storeOptions = storeOptions;
        this.workerOptions = workerOptions;
        this.bar = bar;
    }

    /** Runs the campaign to its end and collects it into the output directory; returns what failed (runs or studies). */
    long run() throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>(System.getenv());
        EmbeddedS3 embedded = null;
        if (!StoreOptions.configured(env)) {
            Path dir = outDir.resolve("store");
            String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            embedded = EmbeddedS3.start(dir, 0, "local-campaign", secret, false);
            env.put(StoreOptions.ENDPOINT, embedded.endpoint());
            env.put(StoreOptions.ACCESS_KEY, embedded.accessKey());
            env.put(StoreOptions.SECRET_KEY, embedded.secretKey());
            System.err.printf("bench: campaign %s in an embedded S3 server over %s%n", name, dir);
        }
        try (ObjectStore objects = storeOptions.open(env)) {
            objects.ensureUnversionedBucket(storeOptions.bucket);
            CampaignStore store = storeOptions.campaign(objects, name);
            CampaignPlan joined = store.createOrJoin(plan);
            List<Process> processes = start(joined, env);
            watch(store, joined, processes);
            return Campaigns.collect(store, joined, outDir);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private List<Process> start(CampaignPlan plan, Map<String, String> env) throws IOException {
        Path logs = outDir.resolve("workers");
        Files.createDirectories(logs);
        List<Process> processes = new ArrayList<>();
        int n = Math.min(workers, plan.cells().size());
        for (int k = 0; k < n; k++) {
            List<String> args = new ArrayList<>(List.of("campaign", "worker", "--campaign", name, "--bucket",
                    storeOptions.bucket, "--worker-id", "local-" + k, "--cache-dir", cacheDir.toString()));
            if (dataDir != null) {
                args.addAll(List.of("--data-dir", dataDir.toString()));
            }
            args.addAll(workerOptions.asArgs(k));
            ProcessBuilder pb = new ProcessBuilder(ChildJvm.command(args)).redirectErrorStream(true)
                    .redirectOutput(logs.resolve("worker-" + k + ".log").toFile());
            pb.environment().putAll(env);
            processes.add(pb.start());
        }
        System.err.printf("bench: %d worker process(es) on campaign %s (%d cells); logs in %s%n", n, name,
                plan.cells().size(), logs);
        return processes;
    }

    /** Shows progress until every worker has exited; fails when cells are left without a result. */
    private void watch(CampaignStore store, CampaignPlan plan, List<Process> processes) throws InterruptedException {
        CampaignProgress progress = new CampaignProgress(store, plan, Duration.ofSeconds(30), System::nanoTime);
        ProgressBars bars = new ProgressBars(bar);
        bars.start("campaign " + name, plan.cells().size());
        CampaignProgress.Counts counts;
        try {
            while (processes.stream().anyMatch(Process::isAlive)) {
                try {
                    counts = progress.update(store.snapshot(), null);
                    bars.step(counts.done() + counts.failed(), counts.running() + " running, ETA "
                            + CampaignProgress.eta(counts.etaSeconds()));
                } catch (StorageException e) {
                    // the store was busy: the workers retry on their own; the next look will do
                }
                Thread.sleep(1000);
            }
        } finally {
            processes.forEach(Process::destroy); // only reached early on an interrupt
        }
        counts = progress.update(store.snapshot(), null);
        bars.finish("campaign " + name + ": " + counts);
        List<String> exits = processes.stream().map(p -> String.valueOf(p.exitValue())).toList();
        if (!counts.complete()) {
            throw new IllegalStateException("every worker exited (exit codes " + exits + ") with " + (counts.running()
                    + counts.pending()) + " cell(s) left; see " + outDir.resolve("workers")
                    + "; rerun the same command to resume");
        }
        if (exits.stream().anyMatch(e -> !e.equals("0"))) {
            System.err.println("bench: some workers ended abnormally (exit codes " + exits + "); the others finished "
                    + "their cells");
        }
    }
}
