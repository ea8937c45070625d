package io.deepunlearn.pipeline.subjects;

import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.storage.ObjectExistsException;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.StorageException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A dataset's subject mapping as write-once batches in the datasets bucket,
 * {@code subjects/{datasetId}/{sequence:06d}.json}: pseudonym -> sample ids, one batch per imported file. Subject ids
 * are never stored, only their keyed pseudonyms ({@link SubjectPseudonymizer}), since the bucket is versioned and
 * an overwritten or deleted object would survive as an old version. Appending claims the next sequence with a
 * conditional create; a writer that loses the race re-validates against the batch that won and takes the next
 * sequence, so each batch was checked against every batch before it (a sample never gets two subjects). Batches
 * are immutable, so they are cached once read.
 */
public class SubjectMappingStore {

    /** The attempts at claiming a sequence before giving up (each loss means another import just landed). */
    private static final int MAX_CLAIMS = 20;
    private final ObjectStore store;
    private final String bucket;
    private final Map<String, Batch> cache = new ConcurrentHashMap<>();

    public SubjectMappingStore(ObjectStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    /** One imported file: pseudonym -> its sample ids. */
    public record Batch(int schemaVersion, String datasetId, int sequence, Map<String, List<Integer>> subjects,
                        int samples, Instant importedAt) {
        public static final int SCHEMA_VERSION = 1;
    }

    private static String prefix(String datasetId) {
        if (datasetId == null || !datasetId.matches("[A-Za-z0-9._-]{1,120}")) {
            throw new IllegalArgumentException("invalid dataset id '" + datasetId + "'");
        }
        return "subjects/" + datasetId + "/";
    }

    /** The dataset's batches in sequence order. */
    public List<Batch> batches(String datasetId) {
        String prefix = prefix(datasetId);
        List<Batch> out = new ArrayList<>();
        for (String key : store.list(bucket, prefix, true).stream().filter(k -> k.endsWith(".json")).sorted().toList()) {
            Batch b = cache.get(key);
            if (b == null) {
                b = store.get(bucket, key).map(bytes -> EventCodec.read(bytes, Batch.class))
                        .orElseThrow(() -> new StorageException("subject batch vanished: s3://" + bucket + "/" + key));
                cache.put(key, b);
            }
            out.add(b);
        }
        return out;
    }

    /** Sample id -> the pseudonym of its subject, over every batch. */
    public Map<Integer, String> owners(String datasetId) {
        return owners(batches(datasetId));
    }

    private static Map<Integer, String> owners(List<Batch> batches) {
        Map<Integer, String> out = new HashMap<>();
        for (Batch b : batches) {
            b.subjects().forEach((ref, ids) -> ids.forEach(id -> out.put(id, ref)));
        }
        return out;
    }

    /** The samples of the subject with pseudonym {@code ref}, over every batch; empty when it has none. */
    public Optional<List<Integer>> samplesOf(String datasetId, String ref) {
        TreeSet<Integer> ids = new TreeSet<>();
        for (Batch b : batches(datasetId)) {
            ids.addAll(b.subjects().getOrDefault(ref, List.of()));
        }
        return ids.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(ids));
    }

    /**
     * Appends a batch: {@code prepare} gets the current owners (sample -> pseudonym) and returns the new mapping
     * (it validates, and may throw); it is called again when another import claimed the sequence first. Returns
     * the stored batch, or empty when {@code prepare} found nothing new (a re-sent file).
     */
    public Optional<Batch> append(String datasetId, Function<Map<Integer, String>, Map<String, List<Integer>>> prepare) {
        for (int attempt = 0; attempt < MAX_CLAIMS; attempt++) {
            List<Batch> existing = batches(datasetId);
            Map<String, List<Integer>> fresh = prepare.apply(owners(existing));
            if (fresh.isEmpty()) {
                return Optional.empty();
            }
            int next = existing.isEmpty() ? 1 : existing.get(existing.size() - 1).sequence() + 1;
            Batch batch = new Batch(Batch.SCHEMA_VERSION, datasetId, next, Map.copyOf(fresh),
                    fresh.values().stream().mapToInt(List::size).sum(), Instant.now());
            String key = prefix(datasetId) + String.format("%06d", next) + ".json";
            try {
                store.putNew(bucket, key, EventCodec.encode(batch), "application/json");
                cache.put(key, batch);
                return Optional.of(batch);
            } catch (ObjectExistsException e) {
                // another import took this sequence: validate again against it
            }
        }
        throw new StorageException("could not claim a subject-batch sequence for " + datasetId + " after "
                + MAX_CLAIMS + " attempts (imports racing)");
    }
}
