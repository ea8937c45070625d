package io.deepunlearn.auditor.rest;

import io.deepunlearn.service.rest.ApiDocumentation;
import io.deepunlearn.service.rest.Problem;
import io.deepunlearn.service.rest.ProblemException;
import io.deepunlearn.pipeline.storage.ErasureReceipt;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Erasure receipts from the evidence bucket (pseudonymous: no personal data). */
@Path("/api/v1/receipts")
@Tag(name = "receipts")
public class ReceiptResource {

    @Inject
    EvidenceStore evidence;

    @GET
    @Path("/{requestId}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "getReceipt", summary = "The erasure receipt of a forget request (404 until its audit is done)")
    @APIResponse(responseCode = "200", description = "The receipt",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErasureReceipt.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public ErasureReceipt receipt(@Parameter(description = "Forget request id") @PathParam("requestId") String requestId) {
        try {
            RequestStore.requireRequestId(requestId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        return evidence.find(requestId)
                .orElseThrow(() -> ProblemException.notFound("no receipt for " + requestId + " (yet)"));
    }
}
