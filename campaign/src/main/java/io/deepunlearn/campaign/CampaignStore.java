package io.deepunlearn.campaign;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.deepunlearn.pipeline.storage.ObjectExistsException;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One campaign's objects in the campaigns bucket:
 * <pre>
 *   campaigns/NAME/plan.json                      the plan (write-once)
 *   campaigns/NAME/cells/CELL/lease-GGGG          claim of attempt G (write-once: If-None-Match: *)
 *   campaigns/NAME/cells/CELL/beat-GGGG           that attempt's heartbeat (rewritten by its owner)
 *   campaigns/NAME/cells/CELL/result.json         the cell's result (write-once)
 *   campaigns/NAME/files/...                      files a cell leaves for collect (bench: the splits' ids)
 * </pre>
 * The shared model cache lives beside it under {@code cache/} ({@link ReferenceCache}).
 */
public final class CampaignStore {

    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final java.util.regex.Pattern LEASE = java.util.regex.Pattern.compile("lease-[0-9]{4}");

    private final ObjectStore store;
    private final String bucket;
    private final String name;
    private final String prefix;

    public CampaignStore(ObjectStore store, String bucket, String name) {
        this.store = store;
        this.bucket = bucket;
        this.name = CampaignPlan.requireName(name);
        this.prefix = "campaigns/" + name + "/";
    }

    public ObjectStore objects() {
        return store;
    }

    public String bucket() {
        return bucket;
    }

    public String name() {
        return name;
    }

    /**
     * Writes {@code plan} unless the campaign exists; an existing plan is returned when its fingerprint and kind
     * match (a restarted or second starter joins it) and refused otherwise.
     */
    public CampaignPlan createOrJoin(CampaignPlan plan) {
        try {
            store.putNew(bucket, prefix + "plan.json", bytes(plan), "application/json");
            return plan;
        } catch (ObjectExistsException e) {
            CampaignPlan existing = plan().orElseThrow(() -> new StorageException("plan of " + name + " vanished"));
            if (!existing.fingerprint().equals(plan.fingerprint()) || !existing.kind().equals(plan.kind())) {
                throw new IllegalArgumentException("campaign '" + name + "' already exists with other settings ("
                        + existing.kind() + " " + existing.fingerprint() + ", asked for " + plan.kind() + " "
                        + plan.fingerprint() + "): choose another campaign name");
            }
            return existing;
        }
    }

    public Optional<CampaignPlan> plan() {
        return store.get(bucket, prefix + "plan.json").map(b -> read(b, CampaignPlan.class));
    }

    String leaseKey(String cell, int attempt) {
        return prefix + "cells/" + cell + String.format("/lease-%04d", attempt);
    }

    String beatKey(String cell, int attempt) {
        return prefix + "cells/" + cell + String.format("/beat-%04d", attempt);
    }

    String resultKey(String cell) {
        return prefix + "cells/" + cell + "/result.json";
    }

    /** A claim's or heartbeat's state, as listed: the latest attempt and a token that changes with each beat. */
    public record CellState(boolean hasResult, int attempt, String token) {
        static final CellState EMPTY = new CellState(false, -1, null);

        public boolean claimed() {
            return attempt >= 0;
        }
    }

    /** Every cell's state from one listing of the campaign's cells (cells never touched are absent). */
    public Map<String, CellState> snapshot() {
        String cells = prefix + "cells/";
        Map<String, String> etags = store.listETags(bucket, cells);
        Map<String, Boolean> results = new HashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        for (String key : etags.keySet()) {
            String rest = key.substring(cells.length());
            int slash = rest.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String cell = rest.substring(0, slash);
            String file = rest.substring(slash + 1);
            if (file.equals("result.json")) {
                results.put(cell, true);
            } else if (LEASE.matcher(file).matches()) {
                attempts.merge(cell, Integer.parseInt(file.substring("lease-".length())), Math::max);
            } // anything else (beats; S3Proxy's in-flight temporary files, listed by its filesystem store) is no claim
        }
        Map<String, CellState> out = new HashMap<>();
        for (String cell : union(results.keySet(), attempts.keySet())) {
            int attempt = attempts.getOrDefault(cell, -1);
            String token = null;
            if (attempt >= 0) {
                String beat = etags.get(beatKey(cell, attempt));
                token = attempt + ":" + (beat != null ? beat : "lease:" + etags.get(leaseKey(cell, attempt)));
            }
            out.put(cell, new CellState(results.containsKey(cell), attempt, token));
        }
        return out;
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }

    /** Claims attempt {@code attempt} of {@code cell}; false when another worker claimed it first. */
    boolean claim(String cell, int attempt, Map<String, Object> lease) {
        try {
            store.putNew(bucket, leaseKey(cell, attempt), bytes(lease), "application/json");
            return true;
        } catch (ObjectExistsException e) {
            return false;
        }
    }

    void beat(String cell, int attempt, Map<String, Object> beat) {
        store.put(bucket, beatKey(cell, attempt), bytes(beat), "application/json");
    }

    /** Writes the cell's result; false when it already had one (a worker presumed dead finished after all). */
    boolean writeResult(CellResult result) {
        try {
            store.putNew(bucket, resultKey(result.cell()), bytes(result), "application/json");
            return true;
        } catch (ObjectExistsException e) {
            return false;
        }
    }

    public Optional<CellResult> result(String cell) {
        return store.get(bucket, resultKey(cell)).map(b -> read(b, CellResult.class));
    }

    /** Stores a file a cell leaves for collect, under {@code files/}; the first writer's copy stays. */
    public void putFile(String path, byte[] bytes) {
        try {
            store.putNew(bucket, prefix + "files/" + path, bytes, "application/octet-stream");
        } catch (ObjectExistsException e) {
            // the same cell's earlier attempt wrote it: its content is a function of the plan
        }
    }

    /** Stores or replaces a file a cell updates while it runs (a study's trials so far: progress and resume). */
    public void replaceFile(String path, byte[] bytes) {
        store.put(bucket, prefix + "files/" + path, bytes, "application/octet-stream");
    }

    public Optional<byte[]> file(String path) {
        return store.get(bucket, prefix + "files/" + path);
    }

    /** The files under {@code files/dir/}, by their path below it. */
    public Map<String, byte[]> files(String dir) {
        String p = prefix + "files/" + dir + "/";
        Map<String, byte[]> out = new java.util.TreeMap<>();
        for (String key : store.list(bucket, p, true)) {
            store.get(bucket, key).ifPresent(b -> out.put(key.substring(p.length()), b));
        }
        return out;
    }

    static byte[] bytes(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return JSON.readValue(bytes, type);
        } catch (IOException e) {
            throw new StorageException("unreadable campaign object (" + type.getSimpleName() + "): " + e.getMessage(), e);
        }
    }
}
