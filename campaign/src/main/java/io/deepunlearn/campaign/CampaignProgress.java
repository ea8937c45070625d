package io.deepunlearn.campaign;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a campaign stands, from one listing of its cells plus each result read once (results never change): cells
 * done (ok), failed, running (claimed, no result) and pending, and an ETA. The ETA is the remaining cells' expected
 * work, each cell at the mean wall time of the finished cells of its kind (or of all kinds while none of its kind
 * has finished), divided by the cells running now (the workers busy); unknown until a cell has finished.
 */
public final class CampaignProgress {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignProgress.class);

    /** The counts and the ETA in seconds (NaN while unknown). */
    public record Counts(long done, long failed, long running, long pending, double etaSeconds) {
        public long total() {
            return done + failed + running + pending;
        }

        public boolean complete() {
            return running == 0 && pending == 0;
        }

        @Override
        public String toString() {
            return String.format("%d/%d cells done, %d failed, %d running, %d pending; ETA %s", done + failed, total(),
                    failed, running, pending, eta(etaSeconds));
        }
    }

    private record Finished(boolean ok, String kind, double seconds) {
    }

    private final CampaignStore store;
    private final CampaignPlan plan;
    private final Map<String, Finished> finished = new HashMap<>();
    private final Duration logEvery;
    private final LongSupplier nanoClock;
    private long lastLog = Long.MIN_VALUE;

    public CampaignProgress(CampaignStore store, CampaignPlan plan, Duration logEvery, LongSupplier nanoClock) {
        this.store = store;
        this.plan = plan;
        this.logEvery = logEvery;
        this.nanoClock = nanoClock;
    }

    /** Counts from {@code snapshot}; reads results not seen before; logs at most once per log period. */
    public Counts update(Map<String, CampaignStore.CellState> snapshot, WorkerMetrics metrics) {
        long done = 0;
        long failed = 0;
        long running = 0;
        Map<String, double[]> perKind = new HashMap<>(); // kind -> {sum of seconds, count}
        double[] all = new double[2];
        Map<String, Long> remainingByKind = new HashMap<>();
        for (Cell cell : plan.cells()) {
            CampaignStore.CellState s = snapshot.getOrDefault(cell.id(), CampaignStore.CellState.EMPTY);
            if (s.hasResult()) {
                Finished f = finished.computeIfAbsent(cell.id(), id -> StoreRetry.call("reading the result of " + id,
                        () -> store.result(id)).map(r -> new Finished(r.ok(), r.kind(), r.seconds())).orElse(null));
                if (f == null) {
                    continue; // listed but not readable yet: counted at the next update
                }
                if (f.ok()) {
                    done++;
                } else {
                    failed++;
                }
                double[] k = perKind.computeIfAbsent(f.kind(), x -> new double[2]);
                k[0] += f.seconds();
                k[1]++;
                all[0] += f.seconds();
                all[1]++;
            } else {
                if (s.claimed()) {
                    running++;
                }
                remainingByKind.merge(cell.kind(), 1L, Long::sum);
            }
        }
        long pending = plan.cells().size() - done - failed - running;
        double work = 0;
        for (Map.Entry<String, Long> e : remainingByKind.entrySet()) {
            double[] k = perKind.get(e.getKey());
            double mean = k != null ? k[0] / k[1] : all[1] > 0 ? all[0] / all[1] : Double.NaN;
            work += e.getValue() * mean;
        }
        double eta = running + pending == 0 ? 0 : work / Math.max(1, running);
        Counts counts = new Counts(done, failed, running, pending, eta);
        if (metrics != null) {
            metrics.cells("done", done);
            metrics.cells("failed", failed);
            metrics.cells("running", running);
            metrics.cells("pending", pending);
            metrics.eta(eta);
        }
        long now = nanoClock.getAsLong();
        if (lastLog == Long.MIN_VALUE || now - lastLog >= logEvery.toNanos()) {
            lastLog = now;
            LOG.info("campaign {}: {}", plan.name(), counts);
        }
        return counts;
    }

    /** h:mm:ss, or "unknown" (NaN). */
    public static String eta(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "unknown";
        }
        long s = Math.round(seconds);
        return String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
