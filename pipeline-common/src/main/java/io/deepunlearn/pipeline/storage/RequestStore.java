package io.deepunlearn.pipeline.storage;

import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.messaging.EventCodec;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Durable forget-request records and the de-duplication index: {@code requests/{requestId}.json} and
 * {@code requests/by-content/{key}} (a keyed pseudonym of requester, model id and sorted sample ids:
 * {@link io.deepunlearn.pipeline.security.Pseudonymizer#contentKey}), which maps a repeated request to the first one.
 */
public class RequestStore {

    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,80}");
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

    public void save(ForgetRequestRecord record) {
        store.put(bucket, key(record.requestId()), EventCodec.encode(record), "application/json");
    }

    public ForgetRequestRecord update(String requestId, RequestStatus status, String reason, String version) {
        ForgetRequestRecord r = find(requestId).orElseThrow(() -> new StorageException("unknown request " + requestId));
        ForgetRequestRecord updated = r.with(status, reason, version);
        save(updated);
        return updated;
    }

    /** The request id already registered for the same content, if any. */
    public Optional<String> byContent(String contentKey) {
        return store.get(bucket, "requests/by-content/" + contentKey).map(String::new);
    }

    public void indexContent(String contentKey, String requestId) {
        store.put(bucket, "requests/by-content/" + contentKey, requestId.getBytes(), "text/plain");
    }

    /** Records whose work is not finished (recovery after a restart). */
    public List<ForgetRequestRecord> pending() {
        return store.list(bucket, "requests/", false).stream()
                .filter(k -> k.endsWith(".json"))
                .map(k -> store.get(bucket, k).map(b -> EventCodec.read(b, ForgetRequestRecord.class)))
                .flatMap(Optional::stream)
                .filter(r -> r.status() == RequestStatus.RECEIVED || r.status() == RequestStatus.UNLEARNING)
                .toList();
    }
}
