package io.deepunlearn.auditor.rest;

import io.deepunlearn.pipeline.security.RequestAccess;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Erasure receipts from the evidence bucket (pseudonymous: no personal data), exactly as stored: signed by the
 * auditor, so the downloaded file verifies offline ({@code deepunlearn verify-receipt}). Readable by a
 * {@code receipt-reader}, the requester that owns the request, or whoever holds the request's capability.
 */
@Path("/api/v1/receipts")
@Tag(name = "receipts")
public class ReceiptResource {

    @Inject
    EvidenceStore evidence;
    @Inject
    RequestAccess access;
    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/{requestId}")
    @PermitAll // a capability alone opens one receipt; the rule is RequestAccess.decide
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The signed erasure receipt of a forget request (404 until its audit is done)")
    public Response receipt(@PathParam("requestId") String requestId,
                            @HeaderParam(RequestAccess.CAPABILITY_HEADER) String capability) {
        try {
            RequestStore.requireRequestId(requestId);
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(Map.of("error", e.getMessage())).build();
        }
        switch (access.decide(requestId, identity.isAnonymous() ? null : identity.getPrincipal().getName(),
                identity.getRoles(), capability)) {
            case UNAUTHENTICATED:
                return Response.status(401).header("WWW-Authenticate", "Bearer").build();
            case FORBIDDEN:
                return Response.status(403).build();
            case HIDDEN:
                return notFound(requestId);
            default:
                break;
        }
        return evidence.findSigned(requestId).map(b -> Response.ok(b, MediaType.APPLICATION_JSON).build())
                .orElse(notFound(requestId));
    }

    private static Response notFound(String requestId) {
        return Response.status(404).entity(Map.of("error", "no receipt for " + requestId + " (yet)")).build();
    }
}
