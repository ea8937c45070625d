package io.deepunlearn.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.deepunlearn.infra.EmbeddedS3;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.S3Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cell protocol against a real S3 server (S3Proxy in-process, conditional creates as on MinIO/AWS): one claim
 * wins a race, a silent claim is taken over after the TTL and a beating one is not, prerequisites are waited for,
 * results are write-once, a cell that keeps losing its workers is given up, and several workers share a campaign
 * without running a cell twice. The runner here squares the cell's seed; the bench runner is tested in the cli.
 */
class CellProtocolTest {

    static EmbeddedS3 s3;
    static ObjectStore objects;
    static final String BUCKET = "campaigns";
    static final AtomicInteger NAMES = new AtomicInteger();

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.startTemporary();
        objects = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), null));
        objects.ensureBucket(BUCKET, false);
    }

    @AfterAll
    static void stop() {
        objects.close();
        s3.close();
    }

    /** Squares the seed; counts how often each cell ran. */
    static final class Squares implements CellRunner {
        final Map<String, AtomicInteger> runs = new java.util.concurrent.ConcurrentHashMap<>();
        final long millis;

        Squares(long millis) {
            this.millis = millis;
        }

        @Override
        public Outcome run(Cell cell) {
            runs.computeIfAbsent(cell.id(), k -> new AtomicInteger()).incrementAndGet();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Outcome.ok(JsonNodeFactory.instance.objectNode().put("square", cell.seed() * cell.seed()));
        }

        @Override
        public Outcome abandoned(Cell cell, String reason) {
            return Outcome.failed(reason, JsonNodeFactory.instance.objectNode());
        }
    }

    static CampaignPlan plan(int cells) {
        List<Cell> list = new ArrayList<>();
        for (int i = 0; i < cells; i++) {
            list.add(new Cell(Cell.id(i, "sq", "s" + i), "square", "d", "a", null, i,
                    i == 0 ? List.of() : List.of(Cell.id(0, "sq", "s0"))));
        }
        return new CampaignPlan(CampaignPlan.SCHEMA_VERSION, "test-" + NAMES.incrementAndGet(), "test", "fp",
                JsonNodeFactory.instance.objectNode(), list);
    }

    static CampaignWorker.Settings settings(String id, long ttlMillis) {
        return new CampaignWorker.Settings(id, Duration.ofMillis(ttlMillis), Duration.ofMillis(ttlMillis / 5),
                Duration.ofMillis(50), 3, Duration.ofSeconds(30));
    }

    @Test
    void exactlyOneOfManyRacingClaimsWins() throws Exception {
        CampaignStore store = new CampaignStore(objects, BUCKET, plan(1).name());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> claims = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int w = i;
                claims.add(pool.submit(() -> store.claim("00000-x", 0, Map.of("worker", "w" + w))));
            }
            int won = 0;
            for (Future<Boolean> f : claims) {
                won += f.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPlanIsWrittenOnceAndAnotherCampaignUnderTheSameNameIsRefused() {
        CampaignPlan plan = plan(2);
        CampaignStore store = new CampaignStore(objects, BUCKET, plan.name());
        assertThat(store.createOrJoin(plan)).isEqualTo(plan);
        assertThat(store.createOrJoin(plan).cells()).isEqualTo(plan.cells());
        CampaignPlan other = new CampaignPlan(1, plan.name(), "test", "other-fp", plan.spec(), plan.cells());
        assertThatThrownBy(() -> store.createOrJoin(other)).hasMessageContaining("already exists with other settings");
    }

    @Test
    void workersShareACampaignAndRunEveryCellOnce() throws Exception {
        CampaignPlan plan = plan(12);
        CampaignStore store = new CampaignStore(objects, BUCKET, plan.name());
        store.createOrJoin(plan);
        Squares runner = new Squares(30);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<CampaignWorker.Report>> reports = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                String id = "w" + w;
                Callable<CampaignWorker.Report> work = () -> new CampaignWorker(store, plan, runner,
                        settings(id, 5000), new WorkerMetrics(plan.name())).run();
                reports.add(pool.submit(work));
            }
            int ran = 0;
            for (Future<CampaignWorker.Report> r : reports) {
                CampaignWorker.Report report = r.get();
                ran += report.ran();
                assertThat(report.counts().done()).isEqualTo(12);
            }
            assertThat(ran).isEqualTo(12);
        } finally {
            pool.shutdownNow();
        }
        assertThat(runner.runs).hasSize(12).allSatisfy((cell, n) -> assertThat(n.get()).as(cell).isEqualTo(1));
        for (Cell c : plan.cells()) {
            CellResult r = store.result(c.id()).orElseThrow();
            assertThat(r.ok()).isTrue();
            assertThat(r.payload().get("square").asInt()).isEqualTo(c.seed() * c.seed());
            assertThat(r.attempt()).isZero();
        }
        // the prerequisite ran before every cell that waits for it
        assertThat(store.snapshot()).hasSize(12);
    }

    @Test
    void aSilentClaimIsTakenOverAfterTheTtlAndABeatingOneIsNot() throws Exception {
        CampaignPlan plan = plan(3);
        CampaignStore store = new CampaignStore(objects, BUCKET, plan.name());
        store.createOrJoin(plan);
        String dead = plan.cells().get(1).id();
        String alive = plan.cells().get(2).id();
        store.claim(plan.cells().get(0).id(), 0, Map.of("worker", "done-elsewhere"));
        store.writeResult(new CellResult(1, plan.cells().get(0).id(), "square", CellResult.OK, null, "done-elsewhere",
                0, 1, null, JsonNodeFactory.instance.objectNode()));
        assertThat(store.claim(dead, 0, Map.of("worker", "killed"))).isTrue(); // no heartbeat will ever come
        assertThat(store.claim(alive, 0, Map.of("worker", "slow"))).isTrue();
        long ttl = 1500;
        try (Heartbeat beating = new Heartbeat(store, alive, 0, "slow", Duration.ofMillis(200))) {
            Squares runner = new Squares(0);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<CampaignWorker.Report> worker = pool.submit(() -> new CampaignWorker(store, plan, runner,
                    settings("rescuer", ttl), null).run());
            long t0 = System.nanoTime();
            while (store.result(dead).isEmpty()) {
                assertThat(System.nanoTime() - t0).as("the dead claim is taken over").isLessThan(20_000_000_000L);
                Thread.sleep(50);
            }
            assertThat((System.nanoTime() - t0) / 1e6).as("not before the TTL").isGreaterThanOrEqualTo(ttl);
            CellResult taken = store.result(dead).orElseThrow();
            assertThat(taken.attempt()).isEqualTo(1);
            assertThat(taken.worker()).isEqualTo("rescuer");
            Thread.sleep(2 * ttl);
            assertThat(store.result(alive)).as("a beating claim is left alone").isEmpty();
            assertThat(runner.runs).containsOnlyKeys(dead);
            beating.close();
            // once the slow worker stops beating (it died), its cell is taken over as well
            CampaignWorker.Report report = worker.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(report.reclaimed()).isEqualTo(2);
            assertThat(store.result(alive).orElseThrow().attempt()).isEqualTo(1);
            pool.shutdownNow();
        }
    }

    @Test
    void aCellThatKeepsLosingItsWorkersIsGivenUpAsFailed() throws Exception {
        CampaignPlan plan = plan(1);
        CampaignStore store = new CampaignStore(objects, BUCKET, plan.name());
        store.createOrJoin(plan);
        String cell = plan.cells().get(0).id();
        for (int attempt = 0; attempt < 3; attempt++) {
            store.claim(cell, attempt, Map.of("worker", "oom-" + attempt));
        }
        Squares runner = new Squares(0);
        CampaignWorker.Report report = new CampaignWorker(store, plan, runner, settings("last", 300), null).run();
        CellResult r = store.result(cell).orElseThrow();
        assertThat(r.ok()).isFalse();
        assertThat(r.attempt()).isEqualTo(3);
        assertThat(r.error()).contains("given up after 3 attempts");
        assertThat(runner.runs).as("never run again").isEmpty();
        assertThat(report.counts().failed()).isEqualTo(1);
    }

    @Test
    void aResultIsWriteOnce() {
        CampaignPlan plan = plan(1);
        CampaignStore store = new CampaignStore(objects, BUCKET, plan.name());
        String cell = plan.cells().get(0).id();
        JsonNode empty = JsonNodeFactory.instance.objectNode();
        assertThat(store.writeResult(new CellResult(1, cell, "square", CellResult.OK, null, "a", 0, 1, null, empty))).isTrue();
        assertThat(store.writeResult(new CellResult(1, cell, "square", CellResult.OK, null, "b", 1, 1, null, empty))).isFalse();
        assertThat(store.result(cell).orElseThrow().worker()).isEqualTo("a");
    }

    @Test
    void progressCountsPhasesAndEstimatesTheRestFromFinishedCells() {
        CampaignPlan plan = plan(4);
        CampaignStore store = new CampaignStore(objects, BUCKET, plan.name());
        JsonNode empty = JsonNodeFactory.instance.objectNode();
        List<Cell> cells = plan.cells();
        store.claim(cells.get(0).id(), 0, Map.of());
        store.writeResult(new CellResult(1, cells.get(0).id(), "square", CellResult.OK, null, "a", 0, 10, null, empty));
        store.claim(cells.get(1).id(), 0, Map.of());
        store.writeResult(new CellResult(1, cells.get(1).id(), "square", CellResult.FAILED, "x", "a", 0, 30, null, empty));
        store.claim(cells.get(2).id(), 0, Map.of());
        WorkerMetrics metrics = new WorkerMetrics(plan.name());
        CampaignProgress.Counts counts = new CampaignProgress(store, plan, Duration.ofMinutes(1), System::nanoTime)
                .update(store.snapshot(), metrics);
        assertThat(counts).isEqualTo(new CampaignProgress.Counts(1, 1, 1, 1, 40.0)); // 2 cells x 20 s / 1 running
        assertThat(metrics.scrape())
                .contains("campaign_cells{campaign=\"" + plan.name() + "\",phase=\"done\"} 1.0")
                .contains("campaign_cells{campaign=\"" + plan.name() + "\",phase=\"pending\"} 1.0")
                .contains("campaign_eta_seconds{campaign=\"" + plan.name() + "\"} 40.0");
    }
}
