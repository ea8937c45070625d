package io.deepunlearn.pipeline.storage;

import io.deepunlearn.pipeline.messaging.EventCodec;
import java.util.List;
import java.util.Optional;

/**
 * Dataset manifests in the datasets bucket. Only the trainer writes them (creation and tombstones), from one
 * consumer thread, so read-modify-write needs no locking; the unlearner and auditor only read.
 */
public class ManifestStore {

    private final ObjectStore store;
    private final String bucket;

    public ManifestStore(ObjectStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    private static String key(String datasetId) {
        return "manifests/" + datasetId + ".json";
    }

    public Optional<DatasetManifest> load(String datasetId) {
        return store.get(bucket, key(datasetId)).map(b -> EventCodec.read(b, DatasetManifest.class));
    }

    public void save(DatasetManifest manifest) {
        store.put(bucket, key(manifest.datasetId()), EventCodec.encode(manifest), "application/json");
    }

    /** Adds tombstones; returns how many samples were newly tombstoned. */
    public int tombstone(String datasetId, List<Integer> sampleIds) {
        DatasetManifest m = load(datasetId)
                .orElseThrow(() -> new StorageException("no dataset manifest for " + datasetId));
        int before = m.tombstones().size();
        DatasetManifest updated = m.withTombstones(sampleIds);
        save(updated);
        return updated.tombstones().size() - before;
    }
}
