package io.deepunlearn.localstack.load;

import io.deepunlearn.pipeline.event.RequestStatus;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the harness saw of the pipeline, on its own clock ({@link System#nanoTime}): when each request's status
 * first showed an audited model (PUBLISHED or RETRAINING) or FAILED, when its receipt appeared, which unlearning
 * runs and audits named it. Written by the event tap and the receipt watch, read when a step is accounted.
 * Thread-safe. A failure (FAILED status, a dead-lettered audit) settles a request at once: it is lost, with the reason.
 */
public final class PipelineObservations {

    /** An audit as published on the audit topic: the audited version, pass or fail, and the requests it covers. */
    public record Audit(String version, String outcome, List<String> requestIds) {
    }

    private final Map<String, Long> audited = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Map<String, Long> receipts = new ConcurrentHashMap<>();
    private final Map<String, List<String>> runs = new ConcurrentHashMap<>();
    private final Map<String, Audit> audits = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> auditedVersions = new ConcurrentHashMap<>();

    /**
     * A request-status-changed event: the audit's outcome marks the audited model (first sighting wins) —
     * RETRAINING (audit failed) or PUBLISHED (released, or nothing to unlearn, each with a receipt) — FAILED a failure.
     */
    public void statusChanged(String requestId, RequestStatus status, String reason, long observedNanos) {
        if (status == RequestStatus.RETRAINING || status == RequestStatus.PUBLISHED) {
            audited.putIfAbsent(requestId, observedNanos);
        } else if (status == RequestStatus.FAILED) {
            failures.putIfAbsent(requestId, reason == null ? "failed" : reason);
        }
    }

    /** An unlearning-completed event the auditor dead-lettered: its requests will get no receipt. */
    public void auditDeadLettered(List<String> requestIds, String reason) {
        requestIds.forEach(id -> failures.putIfAbsent(id, "audit dead-lettered: " + reason));
    }

    /** An unlearning-completed event: one run produced {@code version} for {@code requestIds}. */
    public void unlearned(String version, List<String> requestIds) {
        runs.put(version, List.copyOf(requestIds));
    }

    /** An audit-completed event; a request named by audits of two versions is a duplicate. */
    public void audited(String version, String outcome, List<String> requestIds) {
        audits.put(version, new Audit(version, outcome, List.copyOf(requestIds)));
        for (String id : requestIds) {
            auditedVersions.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(version);
        }
    }

    public void receiptSeen(String requestId, long observedNanos) {
        receipts.putIfAbsent(requestId, observedNanos);
    }

    public Optional<Long> auditedAt(String requestId) {
        return Optional.ofNullable(audited.get(requestId));
    }

    public Optional<Long> receiptAt(String requestId) {
        return Optional.ofNullable(receipts.get(requestId));
    }

    public Optional<String> failure(String requestId) {
        return Optional.ofNullable(failures.get(requestId));
    }

    /** Versions whose audits named this request, sorted. */
    public List<String> versionsOf(String requestId) {
        return List.copyOf(new TreeSet<>(auditedVersions.getOrDefault(requestId, Set.of())));
    }

    /** Unlearning runs (unlearned version to its request ids) that served any of {@code requestIds}. */
    public Map<String, List<String>> runsFor(Collection<String> requestIds) {
        Set<String> ids = Set.copyOf(requestIds);
        Map<String, List<String>> out = new java.util.TreeMap<>();
        runs.forEach((version, reqs) -> {
            if (reqs.stream().anyMatch(ids::contains)) {
                out.put(version, reqs);
            }
        });
        return out;
    }

    public Optional<Audit> audit(String version) {
        return Optional.ofNullable(audits.get(version));
    }

    /** True once the request needs nothing more: its receipt exists, or it failed. */
    public boolean settled(String requestId) {
        return receipts.containsKey(requestId) || failures.containsKey(requestId);
    }
}
