package io.deepunlearn.trainer.rest;

import io.deepunlearn.pipeline.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.service.rest.ApiDocumentation;
import io.deepunlearn.service.rest.Problem;
import io.deepunlearn.service.rest.ProblemException;
import io.deepunlearn.trainer.model.ModelVersionPage;
import io.deepunlearn.trainer.model.ModelVersionView;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The published versions of a model lineage, a page at a time. */
@Path("/api/v1/models/{modelId}/versions")
@RolesAllowed(Roles.TRAINER_OPERATOR)
@SecurityRequirement(name = ApiDocumentation.BEARER)
@Tag(name = "models")
public class ModelVersionResource {

    /** Largest page: each listed version is one manifest read. */
    static final int MAX_PAGE = 200;

    @Inject
    CheckpointStore checkpoints;

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "listModelVersions", summary = "A model's published versions, oldest first")
    @APIResponse(responseCode = "200", description = "A page of versions",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModelVersionPage.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    @APIResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
    public ModelVersionPage versions(
            @Parameter(description = "Model id") @PathParam("modelId") String modelId,
            @Parameter(description = "Page size, 1.." + MAX_PAGE, schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "200", defaultValue = "50"))
            @QueryParam("limit") @DefaultValue("50") int limit,
            @Parameter(description = "nextPageToken of the previous page") @QueryParam("pageToken") String pageToken) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ProblemException(400, "limit must be in 1.." + MAX_PAGE,
                    List.of(Problem.FieldError.of("limit", "must be in 1.." + MAX_PAGE)), null);
        }
        CheckpointStore.VersionPage page;
        try {
            CheckpointStore.requireModelId(modelId);
            page = checkpoints.versionsPage(modelId, limit, pageToken);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        if (page.versions().isEmpty() && pageToken == null) {
            throw ProblemException.notFound("unknown model " + modelId);
        }
        String released = checkpoints.releasedVersion(modelId).orElse(null);
        return new ModelVersionPage(page.versions().stream()
                .map(m -> ModelVersionView.of(m, m.version().equals(released))).toList(), page.nextPageToken());
    }
}
