package io.deepunlearn.unlearner.metrics;

import io.deepunlearn.pipeline.lifecycle.Reconciler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The unlearner's Prometheus metrics (docs/metrics.md). Labels are low-cardinality only: status, method,
 * outcome, topic; never request, subject or sample ids.
 */
public class UnlearnerMetrics {

    public static final String ACCEPTED = "accepted";
    public static final String REJECTED = "rejected";
    public static final String DUPLICATE = "duplicate";
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";

    private final MeterRegistry registry;
    private final DistributionSummary coalesced;

    public UnlearnerMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String s : new String[] {ACCEPTED, REJECTED, DUPLICATE, COMPLETED, FAILED}) {
            requestCounter(s); // present at 0 from the start, so rates and alerts work before the first request
        }
        this.coalesced = DistributionSummary.builder("unlearn.coalesced.requests")
                .description("Forget requests merged into one unlearning run").register(registry);
    }

    /**
     * The open-request gauges, from the durable records as this replica's reconciler last saw them (the models it
     * owns; summed over replicas they cover every model).
     */
    public void watch(Reconciler reconciler) {
        Gauge.builder("unlearn.open.requests", reconciler, r -> r.snapshot().open())
                .description("Forget requests not yet published or failed").register(registry);
        Gauge.builder("unlearn.oldest.open.request.age.seconds", reconciler, Reconciler::oldestOpenAgeSeconds)
                .description("Age of the oldest open forget request").register(registry);
    }

    private Counter requestCounter(String status) {
        return Counter.builder("unlearn.requests").description("Forget requests by outcome of intake/processing")
                .tag("status", status).register(registry);
    }

    public void request(String status) {
        requestCounter(status).increment();
    }

    public void run(String method, String outcome, Duration duration, int requests) {
        Counter.builder("unlearn.runs").description("Unlearning runs").tag("method", method).tag("outcome", outcome)
                .register(registry).increment();
        Timer.builder("unlearn.duration").description("Wall time of an unlearning run").tag("method", method)
                .publishPercentileHistogram().register(registry).record(duration);
        coalesced.record(requests);
    }

    public void deadLetter(String topic) {
        Counter.builder("unlearn.dead.letters").description("Records sent to a dead-letter topic")
                .tag("topic", topic).register(registry).increment();
    }
}
