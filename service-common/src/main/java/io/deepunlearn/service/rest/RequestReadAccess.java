package io.deepunlearn.service.rest;

import io.deepunlearn.pipeline.security.RequestAccess;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Applies {@link RequestAccess#decide} to a read of one request's status or receipt, answering a refusal as a
 * problem: 401 without any credential, 403 for a role that reads no requests, and someone else's request exactly
 * as an unknown one (404, {@code hiddenDetail}), so request ids cannot be probed.
 */
public final class RequestReadAccess {

    private RequestReadAccess() {
    }

    /** Returns when the caller may read {@code requestId}; throws the refusal otherwise. */
    public static void require(RequestAccess access, SecurityIdentity identity, String requestId, String capability,
                               String hiddenDetail) {
        String principal = identity.isAnonymous() ? null : identity.getPrincipal().getName();
        switch (access.decide(requestId, principal, identity.getRoles(), capability)) {
            case ALLOW -> {
            }
            case UNAUTHENTICATED -> throw ProblemException.unauthorized("a bearer token or the request's capability ("
                    + RequestAccess.CAPABILITY_HEADER + ") is required");
            case FORBIDDEN -> throw ProblemException.forbidden("the token's roles do not read forget requests or receipts");
            case HIDDEN -> throw ProblemException.notFound(hiddenDetail);
        }
    }
}
