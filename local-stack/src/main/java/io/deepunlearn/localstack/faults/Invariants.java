package io.deepunlearn.localstack.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.security.SecuritySettings;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The erasure guarantees, read from the buckets alone (not from any service's memory or API): given the request
 * ids the intake accepted (202), every one has exactly one receipt and no other receipt exists; no two published
 * versions of a model share a parent (no fork); no request is newly unlearned by two versions (no duplicate
 * version); every version's forgotten set contains its parent's; the tombstones are exactly the accepted requests'
 * samples; and every accepted request's samples the model held are forgotten by the model's newest version.
 */
public final class Invariants {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectStore store;
    private final CheckpointStore checkpoints;
    private final RequestStore requests;
    private final EvidenceStore evidence;
    private final String datasetsBucket;
    private final String evidenceBucket;

    /**
     * @param trusted the stack's trusted checkpoint and receipt keys (no signing key needed): a version or receipt
     *                whose signature does not verify is refused, as the services refuse it
     */
    public Invariants(ObjectStore store, String modelsBucket, String datasetsBucket, String evidenceBucket,
                      SecuritySettings trusted) {
        this.store = store;
        this.checkpoints = new CheckpointStore(store, modelsBucket, trusted);
        this.requests = new RequestStore(store, modelsBucket);
        this.evidence = new EvidenceStore(store, evidenceBucket, trusted);
        this.datasetsBucket = datasetsBucket;
        this.evidenceBucket = evidenceBucket;
    }

    /** With the default bucket names. */
    public Invariants(ObjectStore store, SecuritySettings trusted) {
        this(store, "models", "datasets", "evidence", trusted);
    }

    /**
     * Waits until every accepted request has a receipt and a PUBLISHED record (the stack converged), then checks.
     * Returns the report at the deadline if it never converges (its {@code lost} names the stragglers).
     */
    public Report awaitConverged(Set<String> accepted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && !converged(accepted)) {
            sleep(1000);
        }
        return check(accepted);
    }

    /** True when every accepted request is PUBLISHED and has its receipt. */
    public boolean converged(Set<String> accepted) {
        try {
            for (String id : accepted) {
                Optional<ForgetRequestRecord> r = requests.find(id);
                if (r.isEmpty() || r.get().status() != RequestStatus.PUBLISHED || evidence.find(id).isEmpty()) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false; // storage unreachable right now: not converged
        }
    }

    /** Reads the buckets once and evaluates every invariant. */
    public Report check(Set<String> accepted) {
        Set<String> receipts = new TreeSet<>();
        for (String key : store.list(evidenceBucket, EvidenceStore.RECEIPTS_PREFIX, true)) {
            receipts.add(key.substring(EvidenceStore.RECEIPTS_PREFIX.length(), key.length() - ".json".length()));
        }
        List<String> lost = accepted.stream().filter(id -> !receipts.contains(id)).sorted().toList();
        List<String> unexpectedReceipts = receipts.stream().filter(id -> !accepted.contains(id)).toList();

        List<String> forks = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        List<String> shrinking = new ArrayList<>();
        Map<String, ModelManifest> heads = new HashMap<>();
        for (String model : checkpoints.modelIds()) {
            Map<String, String> childOf = new HashMap<>();
            Map<String, String> unlearnedBy = new HashMap<>();
            ModelManifest head = null;
            for (String version : checkpoints.versions(model)) {
                ModelManifest m = checkpoints.manifest(model, version);
                head = m;
                if (m.parentVersion() == null) {
                    continue;
                }
                String sibling = childOf.putIfAbsent(m.parentVersion(), version);
                if (sibling != null) {
                    forks.add(model + ": " + sibling + " and " + version + " both from " + m.parentVersion());
                }
                ModelManifest parent = checkpoints.manifest(model, m.parentVersion());
                if (!new HashSet<>(m.forgottenSampleIds()).containsAll(parent.forgottenSampleIds())) {
                    shrinking.add(model + "@" + version + " forgets less than its parent " + parent.version());
                }
                for (String request : m.requestIds()) {
                    if (!parent.requestIds().contains(request)) {
                        String earlier = unlearnedBy.putIfAbsent(request, version);
                        if (earlier != null) {
                            duplicates.add(model + ": " + request + " unlearned by " + earlier + " and " + version);
                        }
                    }
                }
            }
            if (head != null) {
                heads.put(model, head);
            }
        }

        Map<String, List<Integer>> tombstones = tombstones();
        List<String> tombstoneErrors = new ArrayList<>();
        List<String> notErased = new ArrayList<>();
        for (String id : accepted) {
            Optional<ForgetRequestRecord> r = requests.find(id);
            if (r.isEmpty()) {
                tombstoneErrors.add(id + ": accepted but has no record");
                continue;
            }
            List<Integer> samples = List.copyOf(new TreeSet<>(r.get().sampleIds()));
            List<Integer> tomb = tombstones.get(id);
            if (!samples.equals(tomb)) {
                tombstoneErrors.add(id + ": samples " + samples + " but tombstone " + tomb);
            }
            ModelManifest head = heads.get(r.get().modelId());
            if (head != null) {
                Set<Integer> held = new HashSet<>(head.trainSampleIds());
                Set<Integer> forgotten = new HashSet<>(head.forgottenSampleIds());
                samples.stream().filter(s -> held.contains(s) && !forgotten.contains(s)).findAny()
                        .ifPresent(s -> notErased.add(id + ": sample " + s + " still in " + head.version()));
            }
        }
        tombstones.keySet().stream().filter(id -> !accepted.contains(id))
                .forEach(id -> tombstoneErrors.add(id + ": tombstoned but never accepted"));
        return new Report(accepted.size(), receipts.size() - unexpectedReceipts.size(), lost, unexpectedReceipts,
                duplicates, forks, shrinking, tombstoneErrors, notErased);
    }

    /** Request id to its tombstoned samples (sorted), over every dataset. */
    private Map<String, List<Integer>> tombstones() {
        Map<String, List<Integer>> out = new HashMap<>();
        for (String key : store.list(datasetsBucket, "tombstones/", true)) {
            byte[] bytes = store.get(datasetsBucket, key).orElse(null);
            if (bytes == null) {
                continue;
            }
            try {
                JsonNode t = JSON.readTree(bytes);
                List<Integer> ids = new ArrayList<>();
                t.path("sampleIds").forEach(n -> ids.add(n.asInt()));
                out.put(t.path("requestId").asText(), List.copyOf(new TreeSet<>(ids)));
            } catch (IOException e) {
                throw new UncheckedIOException("unreadable tombstone " + key, e);
            }
        }
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What {@link #check} found; {@link #violations} is empty when every guarantee holds. */
    public record Report(int accepted, int receipts, List<String> lost, List<String> unexpectedReceipts,
                         List<String> duplicateVersions, List<String> forks, List<String> shrinkingLineage,
                         List<String> tombstoneErrors, List<String> notErased) {

        public List<String> violations() {
            List<String> v = new ArrayList<>();
            lost.forEach(id -> v.add("lost (no receipt): " + id));
            unexpectedReceipts.forEach(id -> v.add("receipt for a request never accepted: " + id));
            duplicateVersions.forEach(d -> v.add("duplicate version: " + d));
            forks.forEach(f -> v.add("fork: " + f));
            shrinkingLineage.forEach(s -> v.add("erasure regression: " + s));
            tombstoneErrors.forEach(t -> v.add("tombstone: " + t));
            notErased.forEach(n -> v.add("not erased: " + n));
            return v;
        }

        /** The chaos benchmark's summary line. */
        public String line(int faults) {
            return "chaos accepted=" + accepted + " receipts=" + receipts + " lost=" + lost.size()
                    + " duplicate_versions=" + duplicateVersions.size() + " forks=" + forks.size() + " faults=" + faults;
        }
    }
}
