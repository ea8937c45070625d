package io.deepunlearn.pipeline.storage;

import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.security.IntegrityException;
import io.deepunlearn.pipeline.security.SecuritySettings;
import io.deepunlearn.pipeline.security.SignedJson;
import java.io.IOException;
import java.util.Optional;

/**
 * Erasure receipts in the evidence bucket ({@code receipts/{requestId}.json}): write-once, in a bucket created
 * with object lock where the server supports it (WORM), which is why receipts must never hold personal data.
 * Each receipt carries the auditor's Ed25519 signature ({@link SignedJson}); reads verify it, and the stored file
 * alone is what {@code deepunlearn verify-receipt} checks offline.
 */
public class EvidenceStore {

    /** Where the receipts are: {@code receipts/{requestId}.json}. */
    public static final String RECEIPTS_PREFIX = "receipts/";

    private final ObjectStore store;
    private final String bucket;
    private final SecuritySettings security;

    public EvidenceStore(ObjectStore store, String bucket, SecuritySettings security) {
        this.store = store;
        this.bucket = bucket;
        this.security = security;
    }

    private static String key(String requestId) {
        return RECEIPTS_PREFIX + RequestStore.requireRequestId(requestId) + ".json";
    }

    /** Stores the receipt; a receipt that already exists is kept (redelivered audit events are no-ops). */
    public boolean putIfAbsent(ErasureReceipt receipt) {
        try {
            store.putNew(bucket, key(receipt.requestId()),
                    SignedJson.sign(receipt, security.requireSigner("a receipt")), "application/json");
            return true;
        } catch (ObjectExistsException e) {
            return false;
        }
    }

    /** Where receipt drafts wait for an exact retrain: {@code drafts/{requestId}.json}, signed like receipts. */
    public static final String DRAFTS_PREFIX = "drafts/";

    /**
     * The auditor's signed receipt for a request whose audit failed, held until the retrained version is published.
     * The trainer cannot sign receipts (it has no auditor key): it promotes this signed file as it is.
     */
    public boolean putDraft(ErasureReceipt draft) {
        try {
            store.putNew(bucket, DRAFTS_PREFIX + RequestStore.requireRequestId(draft.requestId()) + ".json",
                    SignedJson.sign(draft, security.requireSigner("a receipt draft")), "application/json");
            return true;
        } catch (ObjectExistsException e) {
            return false;
        }
    }

    /**
     * Makes the auditor's signed draft the request's receipt, byte for byte, after verifying its signature; false
     * when the receipt already existed. A missing draft is a {@link StorageException} (retried by the reconciler).
     */
    public boolean promoteDraft(String requestId) {
        byte[] signed = store.get(bucket, DRAFTS_PREFIX + RequestStore.requireRequestId(requestId) + ".json")
                .orElseThrow(() -> new StorageException("no signed receipt draft for " + requestId));
        SignedJson.verify(signed, security.receiptKeys(), "receipt draft " + requestId);
        try {
            store.putNew(bucket, key(requestId), signed, "application/json");
            return true;
        } catch (ObjectExistsException e) {
            return false;
        }
    }

    /** The receipt, signature verified ({@link IntegrityException} when it does not verify). */
    public Optional<ErasureReceipt> find(String requestId) {
        return findSigned(requestId).map(b -> {
            try {
                var tree = SignedJson.verify(b, security.receiptKeys(), "receipt " + requestId);
                return EventCodec.JSON.treeToValue(tree, ErasureReceipt.class);
            } catch (IOException e) {
                throw new IntegrityException("receipt " + requestId + " is not a receipt: " + e.getMessage());
            }
        });
    }

    /** The stored receipt file (with its signature), after verifying it: what clients download and verify. */
    public Optional<byte[]> findSigned(String requestId) {
        Optional<byte[]> bytes = store.get(bucket, key(requestId));
        bytes.ifPresent(b -> SignedJson.verify(b, security.receiptKeys(), "receipt " + requestId));
        return bytes;
    }
}
