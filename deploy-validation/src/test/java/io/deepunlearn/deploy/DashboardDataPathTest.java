package io.deepunlearn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the dashboards' data path for real: a Prometheus server (Debian's prometheus binary) scrapes
 * contract-shaped /q/metrics of the three services plus Kafka Exporter and dcgm-exporter samples, evaluates the
 * project's rule file, and must answer every panel query of every dashboard with data.
 */
class DashboardDataPathTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String RATE_WINDOW = "10s";
    private static final String KAFKA_EXPORTER = """
            # TYPE kafka_consumergroup_lag gauge
            kafka_consumergroup_lag{consumergroup="unlearner-workers",topic="deepunlearn.forget.requested",partition="0"} 4
            kafka_consumergroup_lag{consumergroup="unlearner-workers",topic="deepunlearn.forget.requested",partition="1"} 1
            kafka_consumergroup_lag{consumergroup="auditor-service",topic="deepunlearn.unlearning.completed",partition="0"} 0
            # TYPE kafka_topic_partition_current_offset gauge
            kafka_topic_partition_current_offset{topic="deepunlearn.forget.requested",partition="0"} 40
            kafka_topic_partition_current_offset{topic="deepunlearn.forget.requested.dlq",partition="0"} 2
            # TYPE kafka_topic_partition_oldest_offset gauge
            kafka_topic_partition_oldest_offset{topic="deepunlearn.forget.requested",partition="0"} 0
            kafka_topic_partition_oldest_offset{topic="deepunlearn.forget.requested.dlq",partition="0"} 0
            """;
    private static final String DCGM_EXPORTER = """
            # TYPE DCGM_FI_DEV_GPU_UTIL gauge
            DCGM_FI_DEV_GPU_UTIL{gpu="0",UUID="GPU-0",device="nvidia0",modelName="NVIDIA H100",Hostname="gpu-node-1",exported_pod="unlearner-service-6c9f7-x2x4z",exported_namespace="deepunlearn"} 87
            # TYPE DCGM_FI_DEV_FB_USED gauge
            DCGM_FI_DEV_FB_USED{gpu="0",UUID="GPU-0",device="nvidia0",modelName="NVIDIA H100",Hostname="gpu-node-1",exported_pod="unlearner-service-6c9f7-x2x4z",exported_namespace="deepunlearn"} 20480
            """;

    @TempDir
    static Path work;
    private static HttpServer exporters;
    private static ScheduledExecutorService traffic;
    private static Process prometheus;
    private static String api;

    @BeforeAll
    static void startPrometheusScrapingTheFixtures() throws Exception {
        ExternalTool binary = ExternalTool.prometheus();
        ContractMetricsFixture fixture = new ContractMetricsFixture();
        traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(fixture::tick, 0, 250, TimeUnit.MILLISECONDS);

        exporters = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (String service : fixture.services()) {
            serve("/" + service + PipelineContract.METRICS_PATH, () -> fixture.scrape(service));
        }
        serve("/kafka-exporter/metrics", () -> KAFKA_EXPORTER);
        serve("/dcgm-exporter/metrics", () -> DCGM_EXPORTER);
        exporters.start();

        // Recording rules run every 30 s in production; every second here so the test takes seconds.
        String rules = Files.readString(RuleFile.PATH);
        assertThat(rules).contains("interval: 30s");
        Path rulesCopy = work.resolve("rules.yml");
        Files.writeString(rulesCopy, rules.replace("interval: 30s", "interval: 1s"));
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, prometheusConfig(fixture.services(), exporters.getAddress().getPort(), rulesCopy));

        int port = freePort();
        api = "http://127.0.0.1:" + port + "/api/v1/";
        prometheus = new ProcessBuilder(binary.binary(), "--config.file=" + config, "--storage.tsdb.path=" + work.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        awaitData(fixture.services().size() + 2);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
        }
        if (exporters != null) {
            exporters.stop(0);
        }
        if (traffic != null) {
            traffic.shutdownNow();
        }
    }

    private static void serve(String path, Supplier<String> body) {
        exporters.createContext(path, exchange -> {
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    private static String prometheusConfig(List<String> services, int exporterPort, Path rules) {
        StringBuilder yaml = new StringBuilder("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: ["%s"]
                scrape_configs:
                """.formatted(rules));
        List<String[]> jobs = new ArrayList<>();
        services.forEach(s -> jobs.add(new String[] {s, "/" + s + PipelineContract.METRICS_PATH}));
        jobs.add(new String[] {"kafka-exporter", "/kafka-exporter/metrics"});
        jobs.add(new String[] {"dcgm-exporter", "/dcgm-exporter/metrics"});
        for (String[] job : jobs) {
            yaml.append("""
                      - job_name: %s
                        metrics_path: %s
                        static_configs: [{targets: ["127.0.0.1:%d"]}]
                    """.formatted(job[0], job[1], exporterPort));
        }
        return yaml.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits until every target is up and the slowest recording rule (a rate over a histogram) has a value. */
    private static void awaitData(int targets) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                throw new AssertionError("prometheus exited:\n" + Files.readString(work.resolve("prometheus.log")));
            }
            try {
                if (scalar("count(up == 1)") == targets && !query("method:unlearn_duration_seconds:p95_5m").isEmpty()
                        && !query("deepunlearn:audit_pass:ratio_1h").isEmpty()) {
                    Thread.sleep(2000); // a few more scrapes, so every rate window holds several samples
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(300);
        }
        throw new AssertionError("Prometheus had no data after 60 s:\n" + Files.readString(work.resolve("prometheus.log")));
    }

    private static JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + "query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = Yaml.JSON.readTree(response.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new AssertionError("query failed: " + promql + " -> " + response.body());
        }
        return body.at("/data/result");
    }

    private static double scalar(String promql) throws IOException, InterruptedException {
        JsonNode result = query(promql);
        return result.isEmpty() ? Double.NaN : result.get(0).at("/value/1").asDouble();
    }

    @Test
    void fixtureSpeaksTheContractNames() {
        ContractMetricsFixture fixture = new ContractMetricsFixture();
        String exposition = String.join("\n", fixture.services().stream().map(fixture::scrape).toList());
        MetricsContract.metrics().forEach(m -> m.seriesNames().forEach(series ->
                assertThat(exposition).as("Micrometer exposes " + series).containsPattern("(?m)^" + series + "[{ ]")));
    }

    @Test
    void everyPanelQueryOfEveryDashboardReturnsData() throws Exception {
        List<String> empty = new ArrayList<>();
        for (Dashboards.Target target : Dashboards.allTargets()) {
            String promql = PromQl.withGrafanaMacros(target.expr(), RATE_WINDOW).replace("$method", ".*");
            if (query(promql).isEmpty()) {
                empty.add(target + ": " + promql);
            }
        }
        assertThat(empty).as("panel queries without data").isEmpty();
    }

    @Test
    void everyVariableQueryFindsValues() throws Exception {
        Pattern labelValues = Pattern.compile("label_values\\((\\w+),\\s*(\\w+)\\)");
        for (Path file : Dashboards.files()) {
            for (String q : Dashboards.variableQueries(Yaml.read(file))) {
                Matcher m = labelValues.matcher(q);
                assertThat(m.matches()).isTrue();
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + "label/" + m.group(2) + "/values?match[]="
                        + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(Yaml.JSON.readTree(response.body()).path("data")).as(file.getFileName() + ": " + q).isNotEmpty();
            }
        }
    }

    @Test
    void mainDashboardShowsTheFixtureValues() throws Exception {
        assertThat(scalar("deepunlearn:unlearn_open_requests:max")).isEqualTo(ContractMetricsFixture.OPEN_REQUESTS);
        assertThat(scalar("deepunlearn:unlearn_oldest_open_request_age_seconds:max")).isEqualTo(ContractMetricsFixture.OLDEST_OPEN_REQUEST_SECONDS);
        assertThat(scalar("deepunlearn:erasure_request_deadline_seconds")).isEqualTo(259200);
        assertThat(scalar("sum(kafka_consumergroup_lag{consumergroup=\"unlearner-workers\", topic=\"deepunlearn.forget.requested\"})")).isEqualTo(5);
        assertThat(scalar("sum(topic:kafka_topic_messages_retained:sum{topic=~\".+[.]dlq\"})")).isEqualTo(2);
        assertThat(scalar("method:audit_mia_accuracy:max{method=\"MSG\"}")).isEqualTo(ContractMetricsFixture.MIA_ACCURACY);
        assertThat(scalar("method:unlearn_duration_seconds:mean_1h{method=\"FT\"}")).isCloseTo(42, Offset.offset(1e-9));
        // Every request status and the three audit outcomes grow at the same pace in the fixture.
        assertThat(scalar("deepunlearn:audit_pass:ratio_1h")).isCloseTo(1 / 3.0, Offset.offset(0.05));
        assertThat(scalar("deepunlearn:audit_not_passed:ratio_1h")).isCloseTo(2 / 3.0, Offset.offset(0.05));
        assertThat(scalar("method:audit_pre_erasure_mia_accuracy:max{method=\"MSG\"}"))
                .isEqualTo(ContractMetricsFixture.PRE_ERASURE_MIA_ACCURACY);
    }

    @Test
    void deadLetterAlertFiresOnTheFixture() throws Exception {
        // DeadLetterTopicNotEmpty has for: 1m, so after a few seconds it is pending, which proves the expression matches.
        JsonNode alerts = Yaml.JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(api + "alerts")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).at("/data/alerts");
        assertThat(alerts.findValuesAsText("alertname")).contains("DeadLetterTopicNotEmpty");
    }
}
