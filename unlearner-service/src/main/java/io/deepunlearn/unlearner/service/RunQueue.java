package io.deepunlearn.unlearner.service;

import io.deepunlearn.pipeline.event.ForgetRequested;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests waiting for an unlearning run, per model: a {@link Coalescer} window groups a burst, a
 * {@link ModelBacklog} merges what piles up while the single runner is busy, and {@code run} executes one model's
 * batch at a time on {@code runner}. Data flows one way (queue → run): the run knows nothing of the queue.
 * Everything here is in memory by design: the durable record is the truth, and what this JVM drops (revoked
 * models, a drain at shutdown) stays RECEIVED for the owner's reconciler.
 */
public class RunQueue {

    private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);

    private final Coalescer<ForgetRequested> coalescer;
    private final ModelBacklog<ForgetRequested> backlog = new ModelBacklog<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService runner;
    private final BiConsumer<String, List<ForgetRequested>> run;
    private final Predicate<String> owns;
    private volatile String running;
    private volatile boolean draining;

    /** {@code owns} is checked when a batch starts: a model revoked meanwhile is left to its new owner. */
    public RunQueue(Duration window, ScheduledExecutorService timer, ExecutorService runner,
                    BiConsumer<String, List<ForgetRequested>> run, Predicate<String> owns) {
        this.runner = runner;
        this.run = run;
        this.owns = owns;
        this.coalescer = new Coalescer<>(window, timer, this::toBacklog);
    }

    /** Queues a request unless it is already queued or running here; returns false for such a duplicate. */
    public boolean submit(ForgetRequested e) {
        if (draining || !queued.add(e.requestId())) {
            return false;
        }
        coalescer.submit(e.modelId(), e);
        return true;
    }

    /** True while the request waits or runs in this JVM. */
    public boolean contains(String requestId) {
        return queued.contains(requestId);
    }

    public int size() {
        return queued.size();
    }

    private void toBacklog(String modelId, List<ForgetRequested> batch) {
        if (backlog.add(modelId, batch)) {
            runner.submit(() -> take(modelId));
        }
    }

    private void take(String modelId) {
        List<ForgetRequested> batch = backlog.take(modelId);
        try {
            if (draining || !owns.test(modelId)) {
                LOG.info("{} request(s) for {} left to the model's owner ({})", batch.size(), modelId,
                        draining ? "draining" : "partition revoked");
                return;
            }
            running = modelId;
            run.accept(modelId, batch);
        } catch (RuntimeException ex) {
            LOG.error("run for {} failed outside its own handling", modelId, ex);
        } finally {
            running = null;
            batch.forEach(e -> queued.remove(e.requestId()));
        }
    }

    /** The model whose run is in progress, or null. */
    public String running() {
        return running;
    }

    /**
     * Waits up to {@code timeout} for the run in progress, if its model matches {@code models}, to finish: used on a
     * partition revocation. Returns false when it is still running (abandoned: the fence stops it from publishing
     * over the new owner's work, and its requests stay pending).
     */
    public boolean awaitRunOf(Predicate<String> models, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String r = running;
        while (r != null && models.test(r) && System.nanoTime() < deadline) {
            sleep(100);
            r = running;
        }
        return r == null || !models.test(r);
    }

    /**
     * Graceful drain (SIGTERM): no new runs start; the one in progress may finish within {@code grace}. Whatever
     * did not run stays RECEIVED in its record and is re-driven by the model's next owner.
     */
    public boolean drain(Duration grace) {
        draining = true;
        runner.shutdown();
        try {
            return runner.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
