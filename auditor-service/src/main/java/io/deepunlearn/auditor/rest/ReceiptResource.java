package io.deepunlearn.auditor.rest;

import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Erasure receipts from the evidence bucket (pseudonymous: no personal data). */
@Path("/api/v1/receipts")
@Tag(name = "receipts")
public class ReceiptResource {

    @Inject
    EvidenceStore evidence;

    @GET
    @Path("/{requestId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The erasure receipt of a forget request (404 until its audit is done)")
    public Response receipt(@PathParam("requestId") String requestId) {
        try {
            RequestStore.requireRequestId(requestId);
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(Map.of("error", e.getMessage())).build();
        }
        return evidence.find(requestId).map(r -> Response.ok(r).build())
                .orElse(Response.status(404).entity(Map.of("error", "no receipt for " + requestId + " (yet)")).build());
    }
}
