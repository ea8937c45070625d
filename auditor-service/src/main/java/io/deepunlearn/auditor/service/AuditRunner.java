package io.deepunlearn.auditor.service;

import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.UnlearningCompleted;
import io.deepunlearn.pipeline.lifecycle.Reconciler;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs audits one at a time off the consumer thread, and re-drives AUDITING requests whose audit was lost (a
 * crash, a drain) from the completion held in their record. An audit that fails here leaves its requests AUDITING
 * for the reconciler (never the dead-letter topic: the event was valid).
 */
public class AuditRunner implements Reconciler.Redriver {

    private static final Logger LOG = LoggerFactory.getLogger(AuditRunner.class);

    private final AuditService audits;
    private final ExecutorService runner;
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    public AuditRunner(AuditService audits, ExecutorService runner) {
        this.audits = audits;
        this.runner = runner;
    }

    /** Queues the audit of a run whose requests are recorded AUDITING. */
    public void submit(UnlearningCompleted e) {
        if (!busy.addAll(e.requestIds()) && e.requestIds().stream().allMatch(busy::contains)) {
            return; // the same audit is already queued or running here
        }
        // the audit runs later on the runner: it stays in the trace of the run that asked for it
        runner.submit(io.opentelemetry.context.Context.current().wrap(() -> {
            try {
                audits.audit(e);
            } catch (RuntimeException | Error ex) {
                // an Error (native code, linkage) would otherwise vanish into the executor's Future unlogged
                LOG.error("audit of {}@{} failed; its requests stay AUDITING for the reconciler", e.modelId(),
                        e.result().version(), ex);
            } finally {
                e.requestIds().forEach(busy::remove);
            }
        }));
    }

    @Override
    public boolean handles(ForgetRequestRecord r) {
        return r.status() == RequestStatus.AUDITING && r.completion() != null;
    }

    @Override
    public boolean busy(String requestId) {
        return busy.contains(requestId);
    }

    @Override
    public void redrive(ForgetRequestRecord r) {
        submit(r.completion());
    }

    /** Graceful drain: no new audits; the one in progress may finish within {@code grace}. */
    public boolean drain(Duration grace) {
        runner.shutdown();
        try {
            return runner.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
