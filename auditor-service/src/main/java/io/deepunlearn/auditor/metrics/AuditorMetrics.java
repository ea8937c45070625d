package io.deepunlearn.auditor.metrics;

import io.deepunlearn.pipeline.event.AuditMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * audit_results_total{outcome}, audit_mia_accuracy{method}, audit_indiscernibility{method},
 * audit_accuracy{split,method}, audit_duration_seconds, audit_receipts_total (docs/metrics.md). The gauges hold
 * the latest audit's value per method (labels: method and split only, never model or request ids).
 */
public class AuditorMetrics {

    private final MeterRegistry registry;
    private final Timer duration;
    private final Counter receipts;
    private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

    public AuditorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duration = Timer.builder("audit.duration").description("Wall time of one audit")
                .publishPercentileHistogram().register(registry);
        this.receipts = Counter.builder("audit.receipts").description("Erasure receipts written").register(registry);
        for (String outcome : new String[] {"pass", "fail"}) {
            results(outcome);
        }
    }

    private Counter results(String outcome) {
        return Counter.builder("audit.results").description("Audits by outcome").tag("outcome", outcome).register(registry);
    }

    public void audited(String method, String outcome, AuditMetrics m, Duration took) {
        results(outcome).increment();
        duration.record(took);
        gauge("audit.mia.accuracy", Tags.of("method", method), m.mia());
        gauge("audit.indiscernibility", Tags.of("method", method), m.indiscernibility());
        gauge("audit.accuracy", Tags.of("split", "retain", "method", method), m.retainAccuracy());
        gauge("audit.accuracy", Tags.of("split", "forget", "method", method), m.forgetAccuracy());
        gauge("audit.accuracy", Tags.of("split", "val", "method", method), m.valAccuracy());
        gauge("audit.accuracy", Tags.of("split", "test", "method", method), m.testAccuracy());
    }

    public void receipt() {
        receipts.increment();
    }

    private void gauge(String name, Tags tags, double value) {
        gauges.computeIfAbsent(name + tags, k -> {
            AtomicReference<Double> ref = new AtomicReference<>(value);
            Gauge.builder(name, ref, AtomicReference::get).tags(tags).register(registry);
            return ref;
        }).set(value);
    }
}
