package io.deepunlearn.pipeline.storage;

import io.deepunlearn.pipeline.messaging.EventCodec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tombstones: one write-once object per accepted forget request,
 * {@code tombstones/{datasetId}/{requestId}.json} in the datasets bucket, listing its sample ids. No later training
 * of any model may use a sample in the union of a dataset's tombstones. Per-request objects need no
 * read-modify-write (no lost update between writers) and are written again harmlessly on a redelivery.
 */
public class TombstoneStore {

    private final ObjectStore store;
    private final String bucket;

    public TombstoneStore(ObjectStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    private static String prefix(String datasetId) {
        if (datasetId == null || !datasetId.matches("[A-Za-z0-9._-]{1,120}")) {
            throw new IllegalArgumentException("invalid dataset id '" + datasetId + "'");
        }
        return "tombstones/" + datasetId + "/";
    }

    /** Writes the request's tombstone once; returns false when it already existed. */
    public boolean write(String datasetId, String requestId, List<Integer> sampleIds) {
        String key = prefix(datasetId) + RequestStore.requireRequestId(requestId) + ".json";
        try {
            store.putNew(bucket, key, EventCodec.encode(Map.of("requestId", requestId,
                    "sampleIds", List.copyOf(new TreeSet<>(sampleIds)))), "application/json");
            return true;
        } catch (ObjectExistsException e) {
            return false;
        }
    }

    /** Removes a request's tombstone: only for a request that was never accepted (intake could not publish it). */
    public void withdraw(String datasetId, String requestId) {
        store.delete(bucket, prefix(datasetId) + RequestStore.requireRequestId(requestId) + ".json");
    }

    /** Every tombstoned sample of the dataset. */
    public Set<Integer> union(String datasetId) {
        String prefix = prefix(datasetId);
        Set<Integer> all = new TreeSet<>();
        for (String key : store.list(bucket, prefix, true)) {
            store.get(bucket, key).ifPresent(b -> {
                Object ids = EventCodec.read(b, Map.class).get("sampleIds");
                if (ids instanceof List<?> l) {
                    l.forEach(id -> all.add(((Number) id).intValue()));
                }
            });
        }
        return all;
    }
}
