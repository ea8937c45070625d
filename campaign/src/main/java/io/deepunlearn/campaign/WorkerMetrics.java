package io.deepunlearn.campaign;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A worker's Prometheus series, served at {@code /metrics} for Prometheus to scrape (a PodMonitor on the campaign
 * Job's pods). Scraping rather than a Pushgateway: workers live for hours, so a scrape sees them; a Pushgateway
 * would keep the series of dead pods until someone deletes them and adds a component to run.
 * <ul>
 *   <li>{@code campaign_cells{campaign,phase}}: cells done / failed / running / pending, as this worker last listed
 *       them (every worker reports the same campaign-wide numbers: read them with max, not sum);</li>
 *   <li>{@code campaign_eta_seconds{campaign}}: the estimated time to the end ({@link CampaignProgress});</li>
 *   <li>{@code campaign_cells_finished_total{campaign,cell_kind,result}}: cells this worker finished;</li>
 *   <li>{@code campaign_cell_duration_seconds{campaign,cell_kind}}: their wall times;</li>
 *   <li>{@code campaign_leases_reclaimed_total{campaign}}: cells this worker took over from a dead one.</li>
 * </ul>
 */
public final class WorkerMetrics implements AutoCloseable {

    public static final String PATH = "/metrics";
    public static final String[] PHASES = {"done", "failed", "running", "pending"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String campaign;
    private final ConcurrentHashMap<String, AtomicReference<Double>> cells = new ConcurrentHashMap<>();
    private final AtomicReference<Double> eta = new AtomicReference<>(Double.NaN);
    private final Counter reclaimed;
    private HttpServer server;

    public WorkerMetrics(String campaign) {
        this.campaign = campaign;
        for (String phase : PHASES) {
            AtomicReference<Double> v = new AtomicReference<>(0.0);
            cells.put(phase, v);
            Gauge.builder("campaign.cells", v, AtomicReference::get).tag("campaign", campaign).tag("phase", phase)
                    .description("Cells of the campaign by phase, as this worker last listed them").register(registry);
        }
        Gauge.builder("campaign.eta.seconds", eta, AtomicReference::get).tag("campaign", campaign)
                .description("Estimated seconds until every cell has a result").register(registry);
        reclaimed = Counter.builder("campaign.leases.reclaimed").tag("campaign", campaign)
                .description("Cells this worker took over after their worker stopped beating").register(registry);
    }

    /** Starts the scrape endpoint on {@code port} (0: any free port); returns the port. */
    public int serve(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on port " + port, e);
        }
        server.createContext(PATH, exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return server.getAddress().getPort();
    }

    void cells(String phase, long count) {
        cells.get(phase).set((double) count);
    }

    void eta(double seconds) {
        eta.set(seconds);
    }

    void finished(String cellKind, boolean ok, Duration took) {
        Counter.builder("campaign.cells.finished").tag("campaign", campaign).tag("cell_kind", cellKind)
                .tag("result", ok ? "ok" : "failed").description("Cells this worker finished").register(registry)
                .increment();
        Timer.builder("campaign.cell.duration").tag("campaign", campaign).tag("cell_kind", cellKind)
                .description("Wall time of the cells this worker ran").register(registry).record(took);
    }

    void reclaimed() {
        reclaimed.increment();
    }

    /** The Prometheus text exposition (tests and the local progress line read it too). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        registry.close();
    }
}
