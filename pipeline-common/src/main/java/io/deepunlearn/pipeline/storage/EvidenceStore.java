package io.deepunlearn.pipeline.storage;

import io.deepunlearn.pipeline.messaging.EventCodec;
import java.util.Optional;

/**
 * Erasure receipts in the evidence bucket ({@code receipts/{requestId}.json}): write-once, in a bucket created
 * with object lock where the server supports it (WORM), which is why receipts must never hold personal data.
 */
public class EvidenceStore {

    /** Where the receipts are: {@code receipts/{requestId}.json}. */
    public static final String RECEIPTS_PREFIX = "receipts/";

    private final ObjectStore store;
    private final String bucket;

    public EvidenceStore(ObjectStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    private static String key(String requestId) {
        return RECEIPTS_PREFIX + RequestStore.requireRequestId(requestId) + ".json";
    }

    /** Stores the receipt; a receipt that already exists is kept (redelivered audit events are no-ops). */
    public boolean putIfAbsent(ErasureReceipt receipt) {
        try {
            store.putNew(bucket, key(receipt.requestId()), EventCodec.encode(receipt), "application/json");
            return true;
        } catch (ObjectExistsException e) {
            return false;
        }
    }

    public Optional<ErasureReceipt> find(String requestId) {
        return store.get(bucket, key(requestId)).map(b -> EventCodec.read(b, ErasureReceipt.class));
    }
}
