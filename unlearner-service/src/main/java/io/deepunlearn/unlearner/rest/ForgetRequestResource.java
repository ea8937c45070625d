package io.deepunlearn.unlearner.rest;

import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.deepunlearn.unlearner.model.ForgetRequestBody;
import io.deepunlearn.unlearner.model.IntakeResult;
import io.deepunlearn.unlearner.model.RequestView;
import io.deepunlearn.unlearner.service.IntakeService;
import io.deepunlearn.unlearner.service.RejectedRequestException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** GDPR erasure requests: submit ({@code 202} + request id) and follow their lifecycle. */
@Path("/api/v1/forget-requests")
@Tag(name = "forget-requests")
public class ForgetRequestResource {

    /**
     * A second line behind {@code quarkus.http.limits.max-body-size} (256K), which refuses larger bodies with 413
     * before they are buffered (a sample list of 10 000 ids is ~70 KB).
     */
    static final int MAX_BODY_BYTES = 256 * 1024;

    @Inject
    IntakeService intake;
    @Inject
    RequestLifecycle lifecycle;
    @Inject
    EvidenceStore evidence;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask for samples (or a data subject) to be forgotten by one or all models")
    public Response submit(byte[] body) {
        try {
            if (body == null || body.length == 0) {
                throw new RejectedRequestException(400, "empty body");
            }
            if (body.length > MAX_BODY_BYTES) {
                throw new RejectedRequestException(413, "body of " + body.length + " bytes exceeds " + MAX_BODY_BYTES);
            }
            ForgetRequestBody request;
            try {
                request = EventCodec.JSON.readValue(body, ForgetRequestBody.class);
            } catch (IOException e) {
                throw new RejectedRequestException(400, "malformed JSON: " + firstLine(e.getMessage()));
            }
            if (request == null) {
                throw new RejectedRequestException(400, "empty JSON body");
            }
            IntakeResult result = intake.submit(request);
            return Response.status(result.duplicate() ? 200 : 202).entity(result).build();
        } catch (RejectedRequestException e) {
            return Response.status(e.httpStatus()).entity(Map.of("error", e.getMessage())).build();
        }
    }

    @GET
    @Path("/{requestId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A forget request as its durable record says: RECEIVED, UNLEARNING, UNLEARNED, AUDITING, "
            + "RETRAINING, PUBLISHED or FAILED, its due date and (once written) its receipt")
    public Response status(@PathParam("requestId") String requestId) {
        try {
            RequestStore.requireRequestId(requestId);
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(Map.of("error", e.getMessage())).build();
        }
        try {
            return lifecycle.find(requestId)
                    .map(r -> Response.ok(RequestView.of(r, evidence.find(requestId).isPresent())).build())
                    .orElse(Response.status(404).entity(Map.of("error", "unknown request " + requestId)).build());
        } catch (RuntimeException e) {
            return Response.status(503).entity(Map.of("error", "cannot read the request record right now: "
                    + e.getMessage())).build();
        }
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? String.valueOf(s) : s.substring(0, nl);
    }
}
