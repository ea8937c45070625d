package io.deepunlearn.campaign;

import io.deepunlearn.pipeline.storage.StorageException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cell protocol, the same on a laptop ({@code bench --workers N}) and on a cluster (one per pod of an Indexed
 * Job): list the campaign's cells; take the first one in plan order that has no result, whose prerequisites have
 * results, and that is either unclaimed or whose claim has gone silent for the lease TTL; claim it with a
 * conditional create of its next lease object (exactly one worker wins); run it with a heartbeat; write its result
 * once; repeat until every cell has a result. A cell whose attempts keep losing their workers is given up after
 * {@code maxAttempts} with a failed result, so a poisonous cell cannot hold a campaign forever.
 */
public final class CampaignWorker {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignWorker.class);

    /**
     * @param leaseTtl   silence after which another worker may take a claimed cell over
     * @param beatEvery  heartbeat period (a fraction of the TTL)
     * @param poll       pause between listings while no cell is ready
     */
    public record Settings(String workerId, Duration leaseTtl, Duration beatEvery, Duration poll, int maxAttempts,
                           Duration logEvery) {
        public Settings {
            if (workerId == null || workerId.isBlank()) {
                throw new IllegalArgumentException("worker id is required");
            }
            if (beatEvery.compareTo(leaseTtl) >= 0) {
                throw new IllegalArgumentException("heartbeat period " + beatEvery + " must be shorter than the "
                        + "lease TTL " + leaseTtl);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("max attempts must be >= 1, got " + maxAttempts);
            }
        }

        /** Production defaults: a 2-minute TTL beaten every 15 s, a 5 s poll, 3 attempts, a log line a minute. */
        public static Settings defaults(String workerId) {
            return new Settings(workerId, Duration.ofMinutes(2), Duration.ofSeconds(15), Duration.ofSeconds(5), 3,
                    Duration.ofMinutes(1));
        }
    }

    /** What this worker did: cells run (and how many of them were taken over), the campaign's final counts. */
    public record Report(int ran, int reclaimed, CampaignProgress.Counts counts) {
    }

    private final CampaignStore store;
    private final CampaignPlan plan;
    private final CellRunner runner;
    private final Settings settings;
    private final WorkerMetrics metrics;
    private final LongSupplier nanoClock;

    public CampaignWorker(CampaignStore store, CampaignPlan plan, CellRunner runner, Settings settings,
                          WorkerMetrics metrics) {
        this(store, plan, runner, settings, metrics, System::nanoTime);
    }

    CampaignWorker(CampaignStore store, CampaignPlan plan, CellRunner runner, Settings settings, WorkerMetrics metrics,
                   LongSupplier nanoClock) {
        this.store = store;
        this.plan = plan;
        this.runner = runner;
        this.settings = settings;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
    }

    /** Works until every cell of the campaign has a result. */
    public Report run() throws InterruptedException {
        LeaseWatch watch = new LeaseWatch(settings.leaseTtl(), nanoClock);
        CampaignProgress progress = new CampaignProgress(store, plan, settings.logEvery(), nanoClock);
        int ran = 0;
        int reclaimed = 0;
        LOG.info("worker {} joins campaign {} ({} {} cells)", settings.workerId(), plan.name(), plan.cells().size(),
                plan.kind());
        while (true) {
            Map<String, CampaignStore.CellState> snapshot = StoreRetry.call("listing campaign " + plan.name(),
                    store::snapshot);
            CampaignProgress.Counts counts = progress.update(snapshot, metrics);
            if (plan.cells().stream().allMatch(c -> state(snapshot, c.id()).hasResult())) {
                LOG.info("worker {}: campaign {} complete ({}); this worker ran {} cell(s), {} taken over",
                        settings.workerId(), plan.name(), counts, ran, reclaimed);
                return new Report(ran, reclaimed, counts);
            }
            boolean worked = false;
            for (Cell cell : plan.cells()) {
                CampaignStore.CellState s = state(snapshot, cell.id());
                if (s.hasResult() || !cell.after().stream().allMatch(d -> state(snapshot, d).hasResult())) {
                    continue;
                }
                int attempt;
                if (!s.claimed()) {
                    attempt = 0;
                } else if (watch.expired(cell.id(), s.token())) {
                    attempt = s.attempt() + 1;
                } else {
                    continue; // running elsewhere
                }
                int a = attempt;
                if (!StoreRetry.call("claiming cell " + cell.id(), () -> store.claim(cell.id(), a, lease(a)))) {
                    continue; // another worker won this claim
                }
                if (attempt > 0) {
                    reclaimed++;
                    if (metrics != null) {
                        metrics.reclaimed();
                    }
                    LOG.warn("worker {}: took over cell {} (attempt {}): its previous worker stopped beating for {}",
                            settings.workerId(), cell.id(), attempt, settings.leaseTtl());
                }
                if (execute(cell, attempt)) {
                    ran++;
                }
                worked = true;
                break; // list again: results and claims moved on meanwhile
            }
            if (!worked) {
                Thread.sleep(settings.poll().toMillis());
            }
        }
    }

    private static CampaignStore.CellState state(Map<String, CampaignStore.CellState> snapshot, String cell) {
        return snapshot.getOrDefault(cell, CampaignStore.CellState.EMPTY);
    }

    private Map<String, Object> lease(int attempt) {
        Map<String, Object> lease = new LinkedHashMap<>();
        lease.put("worker", settings.workerId());
        lease.put("pid", ProcessHandle.current().pid());
        lease.put("attempt", attempt);
        lease.put("claimed_at", Instant.now().toString());
        return lease;
    }

    /** Runs one claimed cell and writes its result; false when the store interrupted it (no result written). */
    private boolean execute(Cell cell, int attempt) {
        long t0 = nanoClock.getAsLong();
        CellRunner.Outcome outcome;
        LOG.info("worker {}: cell {} (attempt {})", settings.workerId(), cell.id(), attempt);
        try (Heartbeat beat = new Heartbeat(store, cell.id(), attempt, settings.workerId(), settings.beatEvery())) {
            if (attempt >= settings.maxAttempts()) {
                outcome = runner.abandoned(cell, "given up after " + attempt + " attempts whose workers stopped "
                        + "(killed, evicted or out of memory) while running it");
            } else {
                try {
                    outcome = runner.run(cell);
                } catch (StorageException e) {
                    // the store failed the cell's own reads or writes: a transient fault, not the cell's result;
                    // the claim goes silent and the cell is retried (as a new attempt) once its lease expires
                    LOG.warn("worker {}: cell {} interrupted by the object store, left to be retried: {}",
                            settings.workerId(), cell.id(), e.getMessage());
                    return false;
                } catch (RuntimeException e) {
                    LOG.warn("cell {} failed: {}", cell.id(), e.toString());
                    outcome = runner.abandoned(cell, e.toString());
                }
            }
        }
        double seconds = (nanoClock.getAsLong() - t0) / 1e9;
        CellResult result = new CellResult(CellResult.SCHEMA_VERSION, cell.id(), cell.kind(),
                outcome.error() == null ? CellResult.OK : CellResult.FAILED, outcome.error(), settings.workerId(),
                attempt, seconds, Environments.current(), outcome.payload());
        if (!StoreRetry.call("writing the result of cell " + cell.id(), () -> store.writeResult(result))) {
            LOG.warn("cell {} already had a result (a worker presumed dead finished it): this one is dropped",
                    cell.id());
        }
        if (metrics != null) {
            metrics.finished(cell.kind(), result.ok(), Duration.ofNanos(nanoClock.getAsLong() - t0));
        }
        LOG.info("worker {}: cell {} {} in {} s", settings.workerId(), cell.id(), result.status(),
                String.format("%.1f", seconds));
        return true;
    }
}
