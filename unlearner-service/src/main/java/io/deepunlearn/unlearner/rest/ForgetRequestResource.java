package io.deepunlearn.unlearner.rest;

import io.deepunlearn.pipeline.callback.CallbackStore;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.security.RequestAccess;
import io.deepunlearn.pipeline.security.Roles;
import io.deepunlearn.service.rest.ApiDocumentation;
import io.deepunlearn.service.rest.Problem;
import io.deepunlearn.service.rest.RequestReadAccess;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.deepunlearn.unlearner.model.ForgetRequestBody;
import io.deepunlearn.unlearner.model.IntakeResult;
import io.deepunlearn.unlearner.model.RequestPage;
import io.deepunlearn.unlearner.model.RequestView;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.unlearner.service.IntakeService;
import io.deepunlearn.unlearner.service.RejectedRequestException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * GDPR erasure requests: submit ({@code 202} + request id + capability; role {@code erasure-requester}) and follow
 * their lifecycle (the owner, a {@code receipt-reader}, or the request's capability in {@code X-Request-Capability}).
 * Validation answers (404 unknown subject, 422 not trained on these) reach only authenticated erasure requesters:
 * the data controller, who owns the training data and may know its membership (docs/security.md).
 */
@Path("/api/v1/forget-requests")
@Tag(name = "forget-requests")
@SecurityRequirement(name = ApiDocumentation.BEARER)
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
    @Inject
    CallbackStore callbacks;
    @Inject
    RequestAccess access;
    @Inject
    SecurityIdentity identity;

    /**
     * The body is taken as bytes so its size is checked before it is parsed, and parsed with the pipeline's strict
     * reader (the same as the Kafka door's); the OpenAPI document still shows its schema.
     */
    @POST
    @RolesAllowed(Roles.ERASURE_REQUESTER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "submitForgetRequest",
            summary = "Ask for samples (or a data subject) to be forgotten by one or all models (role erasure-requester)")
    @APIResponse(responseCode = "202", description = "Accepted: one new request per target model, each with its "
            + "capability (shown once)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntakeResult.class)))
    @APIResponse(responseCode = "200", description = "Duplicate: this requester already asked for the same erasure "
            + "(its ids, no capability)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IntakeResult.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "413", ref = ApiDocumentation.TOO_LARGE)
    @APIResponse(responseCode = "422", ref = ApiDocumentation.UNPROCESSABLE)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public Response submit(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ForgetRequestBody.class))) byte[] body) throws IOException {
        if (body == null || body.length == 0) {
            throw new RejectedRequestException(400, "empty body");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new RejectedRequestException(413, "body of " + body.length + " bytes exceeds " + MAX_BODY_BYTES);
        }
        // a syntax or type error is a JsonProcessingException, answered 400 with the field by the shared mapper
        ForgetRequestBody request = EventCodec.JSON.readValue(body, ForgetRequestBody.class);
        if (request == null) {
            throw new RejectedRequestException(400, "empty JSON body");
        }
        IntakeResult result = intake.submit(request, identity.getPrincipal().getName());
        return Response.status(result.duplicate() ? 200 : 202).type(MediaType.APPLICATION_JSON).entity(result).build();
    }

    /** Largest page a client may ask for: each listed request is one object read. */
    static final int MAX_PAGE = 500;

    @GET
    @RolesAllowed(Roles.RECEIPT_READER) // every requester's requests: not for an erasure requester
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "listForgetRequests", summary = "Forget requests in request-id order, optionally of one "
            + "status and/or one model, a page at a time (read from the durable records through their S3 index; "
            + "role receipt-reader)")
    @APIResponse(responseCode = "200", description = "A page of requests",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestPage.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public RequestPage list(
            @Parameter(description = "Only requests in this status", schema = @Schema(implementation = RequestStatus.class))
            @QueryParam("status") String status,
            @Parameter(description = "Only requests of this model") @QueryParam("modelId") String modelId,
            @Parameter(description = "Page size, 1.." + MAX_PAGE, schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "500", defaultValue = "50"))
            @QueryParam("limit") @DefaultValue("50") int limit,
            @Parameter(description = "nextPageToken of the previous page") @QueryParam("pageToken") String pageToken) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new RejectedRequestException(400, "limit", "limit must be in 1.." + MAX_PAGE);
        }
        RequestStatus wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = RequestStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw new RejectedRequestException(400, "status", "unknown status '" + status + "' (one of "
                        + java.util.Arrays.toString(RequestStatus.values()) + ")");
            }
        }
        RequestStore.Page page;
        try {
            page = lifecycle.page(wanted, modelId == null || modelId.isBlank() ? null : modelId, limit, pageToken);
        } catch (IllegalArgumentException e) {
            throw new RejectedRequestException(400, e.getMessage().contains("model id") ? "modelId" : "pageToken",
                    e.getMessage());
        }
        // a PUBLISHED request has its receipt (written before publication): no read per item to link it
        return new RequestPage(page.records().stream()
                .map(r -> RequestView.of(r, r.status() == RequestStatus.PUBLISHED)).toList(), page.nextPageToken());
    }

    @GET
    @Path("/{requestId}")
    @PermitAll // a capability alone opens one request; the rule is RequestAccess.decide
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "getForgetRequest", summary = "A forget request as its durable record says: RECEIVED, "
            + "UNLEARNING, UNLEARNED, AUDITING, RETRAINING, PUBLISHED or FAILED, its due date and (once written) its "
            + "receipt. Readable by its owner, a receipt-reader, or whoever holds its capability")
    @SecurityRequirement(name = ApiDocumentation.BEARER)
    @SecurityRequirement(name = ApiDocumentation.CAPABILITY)
    @APIResponse(responseCode = "200", description = "The request",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RequestView.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    public RequestView status(@Parameter(description = "Request id, as returned by submitForgetRequest")
                              @PathParam("requestId") String requestId,
                              @Parameter(hidden = true) @HeaderParam(RequestAccess.CAPABILITY_HEADER) String capability) {
        try {
            RequestStore.requireRequestId(requestId);
        } catch (IllegalArgumentException e) {
            throw new RejectedRequestException(400, "requestId", e.getMessage());
        }
        RequestReadAccess.require(access, identity, requestId, capability, "unknown request " + requestId);
        return lifecycle.find(requestId).map(r -> RequestView.of(r, evidence.find(requestId).isPresent(),
                        r.callbackUrl() == null ? null : callbacks.find(requestId).orElse(null)))
                .orElseThrow(() -> new RejectedRequestException(404, "unknown request " + requestId));
    }
}
