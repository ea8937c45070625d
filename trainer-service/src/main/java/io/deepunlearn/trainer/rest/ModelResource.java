package io.deepunlearn.trainer.rest;

import io.deepunlearn.pipeline.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.deepunlearn.core.checkpoint.CheckpointException;
import io.deepunlearn.core.interop.ServingExport;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.StorageException;
import io.deepunlearn.trainer.model.ModelRegistrationBody;
import io.deepunlearn.trainer.model.RegisteredModel;
import io.deepunlearn.trainer.service.ModelRegistration;
import io.deepunlearn.trainer.service.RejectedInputException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import io.deepunlearn.service.rest.ApiDocumentation;
import io.deepunlearn.service.rest.Problem;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.PartType;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Models brought from elsewhere and taken out to serving: register safetensors weights (PyTorch state_dict names)
 * as version 1 of a lineage, and export any version (by default the released one) as safetensors.
 */
@Path("/api/v1/models")
@RolesAllowed(Roles.TRAINER_OPERATOR)
@SecurityRequirement(name = ApiDocumentation.BEARER)
@Tag(name = "models")
public class ModelResource {

    @Inject
    ModelRegistration registration;
    @Inject
    CheckpointStore checkpoints;

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "registerModel", summary = "Register a model trained elsewhere: multipart 'registration' (JSON: modelId, architecture, dataset, trainSampleIds and/or heldOutSampleIds, recipe) and 'weights' (safetensors); 201 with the version")
    @APIResponse(responseCode = "201", description = "Registered as version 1 of a new lineage",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RegisteredModel.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "413", ref = ApiDocumentation.TOO_LARGE)
    @APIResponse(responseCode = "422", ref = ApiDocumentation.UNPROCESSABLE)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    @APIResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
    public Response register(@RestForm("registration") @PartType(MediaType.TEXT_PLAIN) String registrationJson,
                             @RestForm("weights") FileUpload weights) {
        if (registrationJson == null || registrationJson.isBlank()) {
            return Problems.of(400, "the multipart part 'registration' (JSON) is required");
        }
        if (weights == null || weights.size() == 0) {
            return Problems.of(400, "the multipart part 'weights' (a .safetensors file) is required");
        }
        ModelRegistrationBody body;
        try {
            body = EventCodec.JSON.readValue(registrationJson, ModelRegistrationBody.class);
        } catch (JsonProcessingException e) {
            return Problems.of(400, "the registration part is not valid JSON for a registration: "
                    + e.getOriginalMessage());
        }
        try {
            return Response.status(201).entity(registration.register(body, weights.uploadedFile(), weights.fileName()))
                    .build();
        } catch (RejectedInputException e) {
            return Problems.of(e.status(), e.getMessage());
        } catch (StorageException e) {
            return Problems.of(503, "cannot store the model right now: " + e.getMessage());
        }
    }

    @GET
    @Path("/{modelId}/weights")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(operationId = "exportModelWeights", summary = "A version's weights as safetensors (PyTorch state_dict names; load_state_dict(strict=True) accepts them); default: the released version")
    @APIResponse(responseCode = "200", description = "The weights as a safetensors file",
            content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    @APIResponse(responseCode = "500", description = "The stored version cannot be exported",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
    public Response weights(@PathParam("modelId") String modelId, @QueryParam("version") String version) {
        try {
            CheckpointStore.requireModelId(modelId);
            String v = version != null ? version : checkpoints.releasedVersion(modelId).orElse(null);
            if (v == null || !checkpoints.isPublished(modelId, v)) {
                return Problems.of(404, version == null ? "model " + modelId + " has no released version"
                        : "model " + modelId + " has no version " + version);
            }
            ModelManifest m = checkpoints.manifest(modelId, v);
            byte[] safetensors = ServingExport.safetensors(checkpoints.load(m.ref()), m.sha256(), m.checkpointKey());
            return Response.ok(safetensors, MediaType.APPLICATION_OCTET_STREAM)
                    .header("Content-Disposition", "attachment; filename=\"" + modelId + "-" + v + ".safetensors\"")
                    .header("X-Model-Version", v).build();
        } catch (IllegalArgumentException e) {
            return Problems.of(400, e.getMessage());
        } catch (CheckpointException e) {
            return Problems.of(500, "version cannot be exported: " + e.getMessage());
        } catch (StorageException e) {
            return Problems.of(503, "cannot read the model right now: " + e.getMessage());
        }
    }

}
