package io.deepunlearn.pipeline.storage;

import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.messaging.EventCodec;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Durable forget-request records and their indexes, in the models bucket:
 * <ul>
 *   <li>{@code requests/{requestId}.json}: the record (written only by {@code RequestLifecycle});</li>
 *   <li>{@code requests/open/{modelId}/{requestId}}: one marker per request not yet PUBLISHED or FAILED, so a
 *       reconciler lists only the open requests of the models it owns;</li>
 *   <li>{@code requests/by-content/{key}} (a keyed pseudonym of requester, model id and sorted sample ids:
 *       {@link io.deepunlearn.pipeline.security.Pseudonymizer#contentKey}): maps a repeated request of the same
 *       requester to the first one;</li>
 *   <li>{@code requests/index/model/{modelId}/{requestId}} and {@code requests/index/status/{STATUS}/{modelId}/{requestId}}:
 *       empty objects that let {@link #page} list a model's or a status's requests with one S3 listing per page.
 *       A status move writes the new entry, then the record, then deletes the old entry, so whatever crashes in
 *       between, every record is listed under its real status; an entry whose record says otherwise is skipped.</li>
 * </ul>
 */
public class RequestStore {

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,80}");
    private static final String OPEN = "requests/open/";
    private static final String BY_MODEL = "requests/index/model/";
    private static final String BY_STATUS = "requests/index/status/";
    private static final String RECORDS = "requests/";
    private final ObjectStore store;
    private final String bucket;

    public RequestStore(ObjectStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    public static String requireRequestId(String requestId) {
        if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
            throw new IllegalArgumentException("invalid request id '" + requestId + "'");
        }
        return requestId;
    }

    private static String key(String requestId) {
        return "requests/" + requireRequestId(requestId) + ".json";
    }

    public Optional<ForgetRequestRecord> find(String requestId) {
        return store.get(bucket, key(requestId)).map(b -> EventCodec.read(b, ForgetRequestRecord.class));
    }

    /** Creates the record unless one exists (conditional write); returns false when it existed. */
    public boolean create(ForgetRequestRecord record) {
        markOpen(record.modelId(), record.requestId());
        index(modelKey(record), statusKey(record));
        try {
            store.putNew(bucket, key(record.requestId()), EventCodec.encode(record), "application/json");
            return true;
        } catch (ObjectExistsException e) {
            return false;
        }
    }

    /** Replaces the record, reading the stored one first for its status (see {@link #save(ForgetRequestRecord, ForgetRequestRecord)}). */
    public void save(ForgetRequestRecord record) {
        save(find(record.requestId()).orElse(null), record);
    }

    /**
     * Replaces {@code previous} (as read by the caller; the lifecycle has checked that the move is forward) with
     * {@code record}, moving its status index entry: new entry, record, old entry deleted, in that order.
     */
    public void save(ForgetRequestRecord previous, ForgetRequestRecord record) {
        boolean moved = previous != null && previous.status() != record.status();
        if (moved || previous == null) {
            index(statusKey(record));
        }
        store.put(bucket, key(record.requestId()), EventCodec.encode(record), "application/json");
        if (moved) {
            store.delete(bucket, statusKey(previous));
        }
        if (record.closed()) {
            closeMarker(record.modelId(), record.requestId());
        }
    }

    /** Removes a record that was never accepted, with its marker and index entries. */
    public void delete(ForgetRequestRecord record) {
        store.delete(bucket, key(record.requestId()));
        closeMarker(record.modelId(), record.requestId());
        store.delete(bucket, statusKey(record));
        store.delete(bucket, modelKey(record));
    }

    private static String modelKey(ForgetRequestRecord r) {
        return BY_MODEL + CheckpointStore.requireModelId(r.modelId()) + "/" + requireRequestId(r.requestId());
    }

    private static String statusKey(ForgetRequestRecord r) {
        return BY_STATUS + r.status().name() + "/" + CheckpointStore.requireModelId(r.modelId()) + "/"
                + requireRequestId(r.requestId());
    }

    private void index(String... keys) {
        for (String k : keys) {
            store.put(bucket, k, new byte[0], "application/octet-stream");
        }
    }

    /** One page of {@link #page}: the records, and the token of the next page (null on the last). */
    public record Page(List<ForgetRequestRecord> records, String nextPageToken) {
    }

    /**
     * Records in request-id order, optionally only of one status and/or one model, at most {@code limit}, after the
     * page {@code pageToken} ends (null: the first page). One S3 listing under the narrowest index prefix, then a
     * read per listed record (the record is the truth: an entry it contradicts is skipped). An invalid token is an
     * {@link IllegalArgumentException}.
     */
    public Page page(RequestStatus status, String modelId, int limit, String pageToken) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        String prefix = status != null
                ? BY_STATUS + status.name() + "/" + (modelId == null ? "" : CheckpointStore.requireModelId(modelId) + "/")
                : modelId != null ? BY_MODEL + CheckpointStore.requireModelId(modelId) + "/" : RECORDS;
        boolean records = prefix.equals(RECORDS);
        String cursor = PageToken.decode(pageToken, prefix);
        List<ForgetRequestRecord> out = new java.util.ArrayList<>();
        while (out.size() < limit) {
            List<String> keys = store.listPage(bucket, prefix, cursor, limit - out.size(), !records);
            if (keys.isEmpty()) {
                return new Page(out, null);
            }
            for (String k : keys) {
                cursor = k;
                String name = k.substring(k.lastIndexOf('/') + 1);
                if (records && !name.endsWith(".json")) {
                    continue;
                }
                String requestId = records ? name.substring(0, name.length() - ".json".length()) : name;
                find(requestId).filter(r -> (status == null || r.status() == status)
                        && (modelId == null || modelId.equals(r.modelId()))).ifPresent(out::add);
            }
        }
        boolean more = !store.listPage(bucket, prefix, cursor, 1, !records).isEmpty();
        return new Page(out, more ? PageToken.encode(cursor) : null);
    }
    private void markOpen(String modelId, String requestId) {
        try {
            // write-once: the marker's time stays the request's arrival (the oldest-open-request gauge)
            store.putNew(bucket, OPEN + CheckpointStore.requireModelId(modelId) + "/" + requireRequestId(requestId),
                    new byte[0], "application/octet-stream");
        } catch (ObjectExistsException e) {
            // already open
        }
    }

    /** Drops the open marker of a request (it reached PUBLISHED or FAILED, or it has no record). */
    public void closeMarker(String modelId, String requestId) {
        store.delete(bucket, OPEN + CheckpointStore.requireModelId(modelId) + "/" + requireRequestId(requestId));
    }

    /** Models with at least one open request. */
    public List<String> openModels() {
        return store.list(bucket, OPEN, false).stream().filter(k -> k.endsWith("/"))
                .map(k -> k.substring(OPEN.length(), k.length() - 1)).toList();
    }

    /** Ids of the model's open requests (by their markers). */
    public List<String> openRequestIds(String modelId) {
        String prefix = OPEN + CheckpointStore.requireModelId(modelId) + "/";
        return store.list(bucket, prefix, true).stream().map(k -> k.substring(prefix.length())).toList();
    }

    /** An open request as its marker shows it: no record read needed (cluster-wide gauges). */
    public record OpenMarker(String modelId, String requestId, java.time.Instant since) {
    }

    /** Every open marker of every model, with its creation time (≈ when the request was received). */
    public List<OpenMarker> openMarkers() {
        List<OpenMarker> out = new java.util.ArrayList<>();
        store.listModified(bucket, OPEN).forEach((key, since) -> {
            String[] parts = key.substring(OPEN.length()).split("/", 2);
            if (parts.length == 2) {
                out.add(new OpenMarker(parts[0], parts[1], since));
            }
        });
        return out;
    }

    /** The request id already registered for the same content, if any. */
    public Optional<String> byContent(String contentKey) {
        return store.get(bucket, "requests/by-content/" + contentKey).map(String::new);
    }

    public void indexContent(String contentKey, String requestId) {
        store.put(bucket, "requests/by-content/" + contentKey, requestId.getBytes(), "text/plain");
    }

    public void removeContent(String contentKey) {
        store.delete(bucket, "requests/by-content/" + contentKey);
    }
}
