package io.deepunlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's demonstration: a small benchmark as a campaign of 3 worker processes on the embedded S3 server, one of
 * them killed with SIGKILL in the middle of a cell, gives the same results.json as the single-process benchmark:
 * the same runs and the same values of every metric that does not measure time (seconds, RTE).
 */
@Tag("slow") // not in the fast tier (-Pfast): trains references in 4 JVMs, about 3 minutes on 2 shared cores
class BenchCampaignTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Synthetic data, two cheap methods, two seeds: 2 reference cells and 4 run cells. */
    private static final List<String> BENCH = List.of("bench", "--quick", "--methods", "FT,GA", "--seed-list", "0,1",
            "--epochs", "3", "--no-progress");

    @TempDir
    Path dir;

    @Test
    void threeWorkersOneKilledMidCellWriteTheSingleProcessResults() throws Exception {
        assumeThat(System.getenv(StoreOptions.ENDPOINT)).as("the campaign must use its embedded store").isNull();
        Path campaignOut = dir.resolve("campaign");
        ExecutorService background = Executors.newSingleThreadExecutor();
        Future<CliRunner> campaign = background.submit(() -> CliRunner.run(args(BENCH, "--workers", "3",
                "--out", campaignOut.toString(), "--cache-dir", dir.resolve("cache-campaign").toString(),
                "--lease-ttl", "PT15S", "--heartbeat", "PT1S", "--poll", "PT0.5S", "--metrics-port", "0")));
        WorkerScrapes scrapes = new WorkerScrapes(campaignOut.resolve("workers"));
        Path cells = campaignOut.resolve("store/campaigns/campaigns");
        Path killed = RunningCells.killTheWorkerOfARunningCell(cells, "-ref-", campaign, java.time.Duration.ofMinutes(10));
        CliRunner result = campaign.get(20, TimeUnit.MINUTES);
        scrapes.stop();
        background.shutdown();
        assertThat(result.exitCode()).as(result.err()).isZero();

        // the workers' Prometheus series are the deployment's contract (its dashboards and rules read them)
        List<String> contract = campaignWorkerSeries();
        assertThat(contract).hasSize(5);
        assertThat(scrapes.seen()).containsAll(contract);
        assertThat(scrapes.exposition()).contains("campaign_cells{campaign=\"", "phase=\"done\"")
                .containsPattern("campaign_cells_finished_total\\{campaign=\"[^\"]+\",cell_kind=\"(reference|run)\",result=\"ok\"}");

        // the killed cell was taken over by another worker as attempt 1, and its result is that attempt's
        assertThat(killed.resolve("lease-0001")).exists();
        JsonNode cellResult = JSON.readTree(killed.resolve("result.json").toFile());
        assertThat(cellResult.get("attempt").asInt()).isEqualTo(1);
        assertThat(cellResult.get("worker").asText())
                .isNotEqualTo(JSON.readTree(killed.resolve("lease-0000").toFile()).get("worker").asText());

        CliRunner single = CliRunner.run(args(BENCH, "--out", dir.resolve("single").toString(), "--cache-dir",
                dir.resolve("cache-single").toString()));
        assertThat(single.exitCode()).as(single.err()).isZero();

        JsonNode fanned = JSON.readTree(campaignOut.resolve("results.json").toFile());
        JsonNode alone = JSON.readTree(dir.resolve("single/results.json").toFile());
        assertThat(fanned.get("runs")).hasSize(2 * (2 + 2));
        assertThat(withoutTimes(fanned.get("runs"))).isEqualTo(withoutTimes(alone.get("runs")));
        assertThat(withoutTimes(fanned.get("summary"))).isEqualTo(withoutTimes(alone.get("summary")));
        assertThat(fanned.get("datasets")).isEqualTo(alone.get("datasets"));
        assertThat(fanned.get("parity_variants")).isEqualTo(alone.get("parity_variants"));
        assertThat(withoutPaths(fanned.get("config"))).isEqualTo(withoutPaths(alone.get("config")));
        for (String file : List.of("leaderboard.md", "leaderboard.csv", "report.html", "runs.jsonl", "campaign.txt",
                "splits/synthetic/splits.json", "splits/synthetic/forget.npy")) {
            assertThat(campaignOut.resolve(file)).as(file).exists();
        }
        assertThat(csvWithoutTimes(campaignOut.resolve("leaderboard.csv")))
                .isEqualTo(csvWithoutTimes(dir.resolve("single/leaderboard.csv")));
        assertThat(Files.readString(campaignOut.resolve("campaign.txt")))
                .as("the same campaign fingerprint: a single-machine rerun resumes from it")
                .isEqualTo(Files.readString(dir.resolve("single/campaign.txt")));
    }

    /** The series names the metrics contract expects from a campaign worker. */
    private static List<String> campaignWorkerSeries() throws IOException {
        Path contract = io.deepunlearn.localstack.LocalStack.findHome()
                .resolve("deploy-validation/src/test/resources/metrics-contract.txt");
        List<String> series = new ArrayList<>();
        for (String line : Files.readAllLines(contract)) {
            String[] cols = line.trim().split("\\s+");
            if (!line.startsWith("#") && cols.length == 4 && cols[3].equals("campaign-worker")) {
                series.add(cols[1].equals("timer") ? cols[0] + "_count" : cols[0]);
            }
        }
        return series;
    }

    /**
     * Scrapes every worker's /metrics (its port is in its log) until stopped, keeping the series names seen: a
     * worker's counters appear once it finished a cell, and workers exit when the campaign ends.
     */
    private static final class WorkerScrapes {
        private final java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final StringBuffer last = new StringBuffer();
        private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

        WorkerScrapes(Path logs) {
            java.util.regex.Pattern port = java.util.regex.Pattern.compile("metrics at :(\\d+)/metrics");
            timer.scheduleWithFixedDelay(() -> {
                try (Stream<Path> files = Files.isDirectory(logs) ? Files.list(logs) : Stream.empty()) {
                    for (Path log : files.toList()) {
                        java.util.regex.Matcher m = port.matcher(Files.readString(log));
                        if (m.find()) {
                            scrape(Integer.parseInt(m.group(1)));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // a log being written or a worker gone: the next round sees it
                }
            }, 0, 300, TimeUnit.MILLISECONDS);
        }

        private void scrape(int port) {
            try {
                String body = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                body.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
                        .forEach(l -> seen.add(l.split("[{ ]", 2)[0]));
                if (body.contains("campaign_cells_finished_total{")) {
                    last.setLength(0);
                    last.append(body);
                }
            } catch (IOException e) {
                // the worker exited
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        java.util.Set<String> seen() {
            return seen;
        }

        String exposition() {
            return last.toString();
        }

        void stop() {
            timer.shutdownNow();
        }
    }

    private static String[] args(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }

    /** Rows without the fields that measure time: seconds and RTE (and RTE's spread). */
    private static JsonNode withoutTimes(JsonNode rows) {
        ArrayNode out = JSON.createArrayNode();
        rows.forEach(r -> {
            ObjectNode copy = r.deepCopy();
            copy.remove(List.of("seconds", "rte", "rte_std", "seconds_std"));
            out.add(copy);
        });
        return out;
    }

    private static JsonNode withoutPaths(JsonNode config) {
        ObjectNode copy = config.deepCopy();
        copy.remove(List.of("data_dir", "out_dir", "cache_dir"));
        return copy;
    }

    private static List<List<String>> csvWithoutTimes(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        List<List<String>> out = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                String h = i < header.size() ? header.get(i) : "";
                if (!h.contains("rte") && !h.contains("seconds") && !h.contains("RTE")) {
                    kept.add(cells[i]);
                }
            }
            out.add(kept);
        }
        return out;
    }
}
