package io.deepunlearn.pipeline.security;

import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Who may read a forget request's status and receipt: its owner (the erasure requester's principal), anyone holding
 * the per-request capability returned once at 202 (handed on to, e.g., the data subject's case file), and
 * {@link Roles#RECEIPT_READER}. Stored as {@code requests/access/{requestId}.json} beside the request records with
 * only the capability's SHA-256 (a 256-bit random secret needs no key), so a bucket reader cannot replay it.
 */
public final class RequestAccess {

    /** The header that carries a capability. */
    public static final String CAPABILITY_HEADER = "X-Request-Capability";

    private final ObjectStore store;
    private final String bucket;

    /** What is stored per request. */
    public record Grant(String owner, String capabilitySha256) {
    }

    public RequestAccess(ObjectStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    private static String key(String requestId) {
        return "requests/access/" + RequestStore.requireRequestId(requestId) + ".json";
    }

    /** Records {@code owner} as the request's owner and returns a fresh capability (shown to the caller once). */
    public String grant(String requestId, String owner) {
        String capability = "cap-" + Base64.getUrlEncoder().withoutPadding().encodeToString(KeyMaterial.randomBytes(32));
        store.put(bucket, key(requestId), EventCodec.encode(new Grant(owner, sha256(capability))), "application/json");
        return capability;
    }

    public Optional<Grant> find(String requestId) {
        return store.get(bucket, key(requestId)).map(b -> EventCodec.read(b, Grant.class));
    }

    /** Whether {@code requester} is the recorded owner of {@code requestId}. */
    public boolean owns(String requestId, String requester) {
        return requester != null && find(requestId).map(g -> requester.equals(g.owner())).orElse(false);
    }

    /** The answer to a read of a request's status or receipt. */
    public enum Decision {
        /** Show it. */
        ALLOW,
        /** No credentials at all: 401. */
        UNAUTHENTICATED,
        /** Authenticated, but no role that reads requests: 403. */
        FORBIDDEN,
        /** Not this caller's request (or a wrong capability): 404, the same as an unknown id, so ids are not probed. */
        HIDDEN
    }

    /**
     * The read rule: a matching capability opens that one request (no token needed: it is handed to whoever follows
     * the case); receipt readers see every request; an erasure requester sees its own; other roles see none.
     *
     * @param principal the authenticated caller, or null when anonymous
     */
    public Decision decide(String requestId, String principal, Set<String> roles, String capability) {
        boolean hasCapability = capability != null && !capability.isBlank();
        Optional<Grant> grant = Optional.empty();
        if (hasCapability) {
            grant = find(requestId);
            if (grant.isPresent() && MessageDigest.isEqual(sha256(capability).getBytes(StandardCharsets.US_ASCII),
                    grant.get().capabilitySha256().getBytes(StandardCharsets.US_ASCII))) {
                return Decision.ALLOW;
            }
        }
        if (principal == null) {
            return hasCapability ? Decision.HIDDEN : Decision.UNAUTHENTICATED;
        }
        if (roles.contains(Roles.RECEIPT_READER)) {
            return Decision.ALLOW;
        }
        if (roles.contains(Roles.ERASURE_REQUESTER)) {
            if (grant.isEmpty()) {
                grant = find(requestId);
            }
            return grant.map(g -> principal.equals(g.owner())).orElse(false) ? Decision.ALLOW : Decision.HIDDEN;
        }
        return Decision.FORBIDDEN;
    }

    private static String sha256(String s) {
        return io.deepunlearn.pipeline.storage.Hashes.sha256(s);
    }
}
