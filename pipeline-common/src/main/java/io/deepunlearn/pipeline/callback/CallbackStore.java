package io.deepunlearn.pipeline.callback;

import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.storage.ObjectExistsException;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import java.util.List;
import java.util.Optional;

/**
 * Callback deliveries in the models bucket: {@code callbacks/pending/{requestId}.json} while due (an outbox the
 * dispatcher lists), {@code callbacks/done/{requestId}.json} once delivered or given up. A pending delivery is
 * created write-once by the lifecycle <em>before</em> it writes the closing record, so a crash in between leaves a
 * pending delivery for a request that is not closed yet (the dispatcher waits for the record), never a closed
 * request without one.
 */
public class CallbackStore {

    private static final String PENDING = "callbacks/pending/";
    private static final String DONE = "callbacks/done/";
    private final ObjectStore store;
    private final String bucket;

    public CallbackStore(ObjectStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    private static String pendingKey(String requestId) {
        return PENDING + RequestStore.requireRequestId(requestId) + ".json";
    }

    private static String doneKey(String requestId) {
        return DONE + RequestStore.requireRequestId(requestId) + ".json";
    }

    /** Records a due delivery unless one exists (a repeated close keeps the attempts already made). */
    public void enqueue(CallbackDelivery d) {
        try {
            store.putNew(bucket, pendingKey(d.requestId()), EventCodec.encode(d), "application/json");
        } catch (ObjectExistsException e) {
            // already pending
        }
    }

    public void update(CallbackDelivery d) {
        store.put(bucket, pendingKey(d.requestId()), EventCodec.encode(d), "application/json");
    }

    /** Done: the final state first, then the pending entry goes (a crash in between is cleaned up on the next pass). */
    public void finish(CallbackDelivery d) {
        store.put(bucket, doneKey(d.requestId()), EventCodec.encode(d), "application/json");
        store.delete(bucket, pendingKey(d.requestId()));
    }

    public void dropPending(String requestId) {
        store.delete(bucket, pendingKey(requestId));
    }

    /** Request ids with a pending delivery, in id order, at most {@code max} after {@code afterRequestId}. */
    public List<String> pending(String afterRequestId, int max) {
        String after = afterRequestId == null ? null : pendingKey(afterRequestId);
        return store.listPage(bucket, PENDING, after, max, true).stream()
                .map(k -> k.substring(PENDING.length(), k.length() - ".json".length())).toList();
    }

    public Optional<CallbackDelivery> findPending(String requestId) {
        return store.get(bucket, pendingKey(requestId)).map(b -> EventCodec.read(b, CallbackDelivery.class));
    }

    public Optional<CallbackDelivery> findDone(String requestId) {
        return store.get(bucket, doneKey(requestId)).map(b -> EventCodec.read(b, CallbackDelivery.class));
    }

    /** The delivery's current state: done if finished, else pending, else none. */
    public Optional<CallbackDelivery> find(String requestId) {
        return findDone(requestId).or(() -> findPending(requestId));
    }
}
