package io.deepunlearn.localstack;

import io.deepunlearn.infra.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Debian's {@code prometheus} binary scraping the services' {@code /q/metrics} every second (tests, local runs). */
public final class Prometheus implements AutoCloseable {

    private final Process process;
    private final int port;

    private Prometheus(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The binary on the PATH, if installed ({@code apt-get install -y prometheus}). */
    public static Optional<Path> binary() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(d -> Path.of(d, "prometheus"))
                .filter(Files::isExecutable).findFirst();
    }

    /** Scrapes each {@code job -> base URL} at {@code <url>/q/metrics}. */
    public static Prometheus start(Path binary, Map<String, String> targets, Path dir) {
        try {
            Files.createDirectories(dir);
            String jobs = targets.entrySet().stream().map(e -> "  - job_name: " + e.getKey() + "\n"
                    + "    metrics_path: /q/metrics\n"
                    + "    static_configs:\n      - targets: ['" + e.getValue().replaceFirst("^https?://", "") + "']\n")
                    .collect(Collectors.joining());
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n" + jobs);
            int port = Ports.free();
            Process p = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                    "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.path=" + dir.resolve("data"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            return new Prometheus(p, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start prometheus", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The instant-query URL of the HTTP API for {@code promql}. */
    public String queryUrl(String promql) {
        return url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
