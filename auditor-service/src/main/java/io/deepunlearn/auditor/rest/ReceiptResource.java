package io.deepunlearn.auditor.rest;

import io.deepunlearn.pipeline.security.DetachedSignature;
import io.deepunlearn.pipeline.security.RequestAccess;
import io.deepunlearn.pipeline.storage.ErasureReceipt;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.deepunlearn.service.rest.ApiDocumentation;
import io.deepunlearn.service.rest.Problem;
import io.deepunlearn.service.rest.ProblemException;
import io.deepunlearn.service.rest.RequestReadAccess;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Erasure receipts from the evidence bucket (pseudonymous: no personal data), exactly as stored: signed by the
 * auditor, so the downloaded file verifies offline ({@code deepunlearn verify-receipt}). Readable by a
 * {@code receipt-reader}, the requester that owns the request, or whoever holds the request's capability.
 */
@Path("/api/v1/receipts")
@Tag(name = "receipts")
public class ReceiptResource {

    /** The receipt as served: its fields and the auditor's signature over them (documentation only). */
    @Schema(name = "SignedErasureReceipt", allOf = {ErasureReceipt.class, ReceiptSignature.class})
    public interface SignedErasureReceipt {
    }

    /** The signature member of a served receipt (see {@code SignedJson}). */
    @Schema(name = "ReceiptSignature")
    public record ReceiptSignature(@Schema(required = true, description = "Ed25519 over the canonical JSON of the "
            + "receipt without this member; keyId names the auditor key") DetachedSignature signature) {
    }

    @Inject
    EvidenceStore evidence;
    @Inject
    RequestAccess access;
    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/{requestId}")
    @PermitAll // a capability alone opens one receipt; the rule is RequestAccess.decide
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "getReceipt", summary = "The signed erasure receipt of a forget request, exactly as stored "
            + "(404 until its audit is done). Readable by its owner, a receipt-reader, or whoever holds its capability")
    @SecurityRequirement(name = ApiDocumentation.BEARER)
    @SecurityRequirement(name = ApiDocumentation.CAPABILITY)
    @APIResponse(responseCode = "200", description = "The receipt with the auditor's signature",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = SignedErasureReceipt.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Response receipt(@Parameter(description = "Forget request id") @PathParam("requestId") String requestId,
                            @Parameter(hidden = true) @HeaderParam(RequestAccess.CAPABILITY_HEADER) String capability) {
        try {
            RequestStore.requireRequestId(requestId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        String unknown = "no receipt for " + requestId + " (yet)";
        RequestReadAccess.require(access, identity, requestId, capability, unknown);
        // the stored file itself (verified first): it is what a client keeps and checks offline
        return evidence.findSigned(requestId).map(b -> Response.ok(b, MediaType.APPLICATION_JSON).build())
                .orElseThrow(() -> ProblemException.notFound(unknown));
    }
}
