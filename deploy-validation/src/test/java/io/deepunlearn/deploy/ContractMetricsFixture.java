package io.deepunlearn.deploy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stand-in for the three services' /q/metrics: one Micrometer Prometheus registry per service holding every
 * contract meter under its Micrometer name, so the exposition (names, suffixes, histogram buckets) is produced by
 * the same library and naming convention Quarkus uses. {@link #tick()} moves counters and timers like live traffic.
 * TODO(lead): once the services exist, scrape them instead (see metrics-contract.txt).
 */
final class ContractMetricsFixture {

    /** Tag values per tag key; every combination is registered. */
    private static final Map<String, List<String>> TAG_VALUES = Map.ofEntries(
            Map.entry("status", List.of("accepted", "rejected", "duplicate", "completed", "failed")),
            Map.entry("method", List.of("MSG", "FT")),
            Map.entry("outcome", List.of("pass", "fail", "inconclusive")),
            Map.entry("state", List.of("measured", "unavailable")),
            Map.entry("split", List.of("retain", "forget", "val", "test")),
            Map.entry("kind", List.of("original", "retrain")),
            Map.entry("topic", List.of("deepunlearn.forget.requested")),
            Map.entry("campaign", List.of("paper-fashion-mnist-small-cnn")),
            Map.entry("phase", List.of("done", "failed", "running", "pending")),
            Map.entry("cell_kind", List.of("reference", "run")),
            Map.entry("result", List.of("ok", "failed")));

    /** Gauge readings: the audit of method m and split s, request backlog. */
    static final double OPEN_REQUESTS = 3;
    static final double OLDEST_OPEN_REQUEST_SECONDS = 120;
    static final double MIA_ACCURACY = 0.55;
    static final double PRE_ERASURE_MIA_ACCURACY = 0.74;

    private final Map<String, PrometheusMeterRegistry> registries = new HashMap<>();
    private final List<Counter> counters = new ArrayList<>();
    private final List<Timer> timers = new ArrayList<>();
    private final List<DistributionSummary> summaries = new ArrayList<>();

    ContractMetricsFixture() {
        for (MetricsContract.Metric metric : MetricsContract.metrics()) {
            PrometheusMeterRegistry registry = registries.computeIfAbsent(metric.service(), s -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            for (Tags tags : combinations(metric.tags())) {
                register(registry, metric, tags);
            }
        }
    }

    private void register(PrometheusMeterRegistry registry, MetricsContract.Metric metric, Tags tags) {
        String name = metric.micrometerName();
        switch (metric.type()) {
            case COUNTER -> counters.add(Counter.builder(name).tags(tags).register(registry));
            case GAUGE -> Gauge.builder(name, () -> gaugeValue(metric.name(), tags)).tags(tags).register(registry);
            case TIMER -> timers.add(Timer.builder(name).tags(tags).register(registry));
            case TIMER_HISTOGRAM -> timers.add(Timer.builder(name).tags(tags).publishPercentileHistogram().register(registry));
            case SUMMARY -> summaries.add(DistributionSummary.builder(name).tags(tags).register(registry));
        }
    }

    private static double gaugeValue(String name, Tags tags) {
        return switch (name) {
            case "unlearn_open_requests" -> OPEN_REQUESTS;
            case "unlearn_oldest_open_request_age_seconds" -> OLDEST_OPEN_REQUEST_SECONDS;
            case "audit_mia_accuracy" -> MIA_ACCURACY;
            case "audit_indiscernibility" -> 1 - Math.abs(2 * MIA_ACCURACY - 1);
            case "audit_pre_erasure_mia_accuracy" -> PRE_ERASURE_MIA_ACCURACY;
            case "audit_mia_noise_floor" -> 0.08;
            case "audit_ulira_auc" -> 0.52;
            case "audit_ulira_pre_erasure_auc" -> 0.81;
            case "audit_ulira_flagged_ratio" -> 0.06;
            case "campaign_cells" -> 40;
            case "campaign_eta_seconds" -> 5400;
            case "audit_accuracy" -> switch (tags.stream().filter(t -> t.getKey().equals("split")).findFirst().orElseThrow().getValue()) {
                case "retain" -> 0.95;
                case "forget" -> 0.83;
                default -> 0.81;
            };
            default -> throw new IllegalArgumentException("no fixture value for gauge " + name);
        };
    }

    private static List<Tags> combinations(List<String> keys) {
        List<Tags> result = new ArrayList<>(List.of(Tags.empty()));
        for (String key : keys) {
            List<String> values = TAG_VALUES.get(key);
            if (values == null) {
                throw new IllegalArgumentException("no fixture values for tag " + key);
            }
            List<Tags> next = new ArrayList<>();
            result.forEach(t -> values.forEach(v -> next.add(t.and(key, v))));
            result = next;
        }
        return result;
    }

    /** One step of simulated traffic. */
    void tick() {
        counters.forEach(c -> c.increment());
        timers.forEach(t -> t.record(Duration.ofSeconds(42)));
        summaries.forEach(s -> s.record(2));
    }

    /** The Prometheus text exposition of one service, as at /q/metrics. */
    String scrape(String service) {
        return registries.get(service).scrape();
    }

    List<String> services() {
        return List.copyOf(registries.keySet());
    }
}
