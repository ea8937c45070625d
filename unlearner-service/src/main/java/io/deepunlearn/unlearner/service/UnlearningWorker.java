package io.deepunlearn.unlearner.service;

import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.lifecycle.ModelOwnership;
import io.deepunlearn.pipeline.lifecycle.Reconciler;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.InvalidEventException;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import io.deepunlearn.unlearner.metrics.UnlearnerMetrics;

/**
 * The Kafka door of the unlearner and its re-driver. {@link #accept} checks the event against
 * {@link ForgetRequestRules}, records it RECEIVED with its tombstone ({@link RequestLifecycle#receive}) and queues
 * it; the consumer acknowledges the record only after this returns (no ack before durable). Runs happen later on
 * the {@link RunQueue}. As the reconciler's {@link Reconciler.Redriver} it re-queues stale RECEIVED/UNLEARNING
 * requests and retryable failures, and re-announces UNLEARNED ones, for the models this replica owns.
 */
public class UnlearningWorker implements Reconciler.Redriver {

    private final ForgetRequestRules rules;
    private final RequestLifecycle lifecycle;
    private final RunQueue queue;
    private final UnlearningRun run;
    private final ModelOwnership ownership;
    private final UnlearnerMetrics metrics;

    public UnlearningWorker(ForgetRequestRules rules, RequestLifecycle lifecycle, RunQueue queue, UnlearningRun run,
                            ModelOwnership ownership, UnlearnerMetrics metrics) {
        this.rules = rules;
        this.lifecycle = lifecycle;
        this.queue = queue;
        this.run = run;
        this.ownership = ownership;
        this.metrics = metrics;
    }

    /**
     * Accepts a request from the topic. Returns false for a duplicate (already recorded past RECEIVED, or queued
     * here); throws {@link InvalidEventException} (a dead letter, nothing recorded or tombstoned) when it can never
     * be processed. Storage and broker errors propagate: the consumer retries them.
     */
    public boolean accept(ForgetRequested e) {
        try {
            rules.check(e);
        } catch (RejectedRequestException ex) {
            throw new InvalidEventException(ex.getMessage());
        }
        RequestLifecycle.Received received = lifecycle.receive(e);
        if (received.created()) {
            metrics.request(UnlearnerMetrics.ACCEPTED);
        }
        ForgetRequestRecord r = received.record();
        if (r.status() != RequestStatus.RECEIVED && r.status() != RequestStatus.UNLEARNING) {
            metrics.request(UnlearnerMetrics.DUPLICATE);
            return false;
        }
        return queue.submit(asEvent(r));
    }

    private static ForgetRequested asEvent(ForgetRequestRecord r) {
        return new ForgetRequested(ForgetRequested.SCHEMA_VERSION, r.requestId(), r.modelId(), r.datasetId(), null,
                r.sampleIds(), r.method(), r.receivedAt());
    }

    @Override
    public boolean handles(ForgetRequestRecord r) {
        return switch (r.status()) {
            case RECEIVED, UNLEARNING, UNLEARNED, FAILED -> true;
            default -> false;
        };
    }

    @Override
    public boolean busy(String requestId) {
        return queue.contains(requestId);
    }

    @Override
    public void redrive(ForgetRequestRecord r) {
        if (r.status() == RequestStatus.UNLEARNED && r.completion() != null) {
            run.announce(r.completion());
        } else if (r.status() == RequestStatus.RECEIVED || r.status() == RequestStatus.UNLEARNING) {
            // receive again: the tombstone is ensured for re-driven requests too
            lifecycle.receive(asEvent(r));
            queue.submit(asEvent(r));
        }
    }

    public ModelOwnership ownership() {
        return ownership;
    }
}
