package io.deepunlearn.trainer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** trainer_jobs_total{kind,outcome}, trainer_job_duration_seconds, trainer_tombstoned_samples_total (docs/metrics.md). */
public class TrainerMetrics {

    private final MeterRegistry registry;
    private final Counter tombstoned;
    private final Timer duration;

    public TrainerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.tombstoned = Counter.builder("trainer.tombstoned.samples")
                .description("Samples tombstoned in dataset manifests").register(registry);
        this.duration = Timer.builder("trainer.job.duration").description("Wall time of a training job")
                .publishPercentileHistogram().register(registry);
    }

    public void job(String kind, String outcome, Duration took) {
        Counter.builder("trainer.jobs").description("Training jobs").tag("kind", kind).tag("outcome", outcome)
                .register(registry).increment();
        duration.record(took);
    }

    public void tombstoned(int n) {
        tombstoned.increment(n);
    }
}
