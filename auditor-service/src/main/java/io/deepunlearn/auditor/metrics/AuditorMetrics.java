package io.deepunlearn.auditor.metrics;

import io.deepunlearn.pipeline.event.AuditMetrics;
import io.deepunlearn.pipeline.event.UliraFigures;
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
 * audit_results_total{outcome=pass|fail|inconclusive}, audit_mia_accuracy{method},
 * audit_pre_erasure_mia_accuracy{method} (the control), audit_mia_noise_floor{method}, audit_indiscernibility{method},
 * audit_accuracy{split,method}, audit_ulira_auc{method}, audit_ulira_pre_erasure_auc{method},
 * audit_ulira_flagged_ratio{method}, audit_ulira_audits_total{state=measured|unavailable}, audit_duration_seconds,
 * audit_receipts_total (docs/metrics.md). The gauges hold the latest audit's value per method (labels: method,
 * split, outcome, state only: never model or request ids); the U-LiRA gauges read NaN after an audit without
 * shadow models (the state counter says how often), so a stale figure never passes for the latest one.
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
        for (String outcome : new String[] {"pass", "fail", "inconclusive"}) {
            results(outcome);
        }
        for (String status : new String[] {UliraFigures.MEASURED, UliraFigures.UNAVAILABLE}) {
            uliraAudits(status);
        }
    }

    private Counter results(String outcome) {
        return Counter.builder("audit.results").description("Audits by outcome").tag("outcome", outcome).register(registry);
    }

    private Counter uliraAudits(String status) {
        return Counter.builder("audit.ulira.audits").description("Audits by U-LiRA status (unavailable: no shadows yet)")
                .tag("state", status).register(registry);
    }

    public void audited(String method, String outcome, AuditMetrics m, UliraFigures ulira, Duration took) {
        results(outcome).increment();
        duration.record(took);
        gauge("audit.mia.accuracy", Tags.of("method", method), m.mia());
        gauge("audit.pre.erasure.mia.accuracy", Tags.of("method", method), m.preErasureMia());
        gauge("audit.mia.noise.floor", Tags.of("method", method), m.miaNoiseFloor());
        uliraAudits(ulira.status()).increment();
        boolean u = ulira.measured();
        gauge("audit.ulira.auc", Tags.of("method", method), u ? ulira.auc() : Double.NaN);
        gauge("audit.ulira.pre.erasure.auc", Tags.of("method", method), u ? ulira.preErasureAuc() : Double.NaN);
        gauge("audit.ulira.flagged.ratio", Tags.of("method", method), u ? ulira.flaggedRatio() : Double.NaN);
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
