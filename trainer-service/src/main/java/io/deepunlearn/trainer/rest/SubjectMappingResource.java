package io.deepunlearn.trainer.rest;

import io.deepunlearn.pipeline.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import io.deepunlearn.pipeline.storage.StorageException;
import io.deepunlearn.pipeline.subjects.MappingRejectedException;
import io.deepunlearn.pipeline.subjects.SubjectMappingFile;
import io.deepunlearn.trainer.model.MappingFileBody;
import io.deepunlearn.trainer.model.MappingImportResult;
import io.deepunlearn.trainer.service.RejectedInputException;
import io.deepunlearn.trainer.service.SubjectMappings;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
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

/**
 * A user's data-subject mapping (sample id, subject id), imported file by file as samples arrive. Subject ids are
 * stored only as keyed pseudonyms; a file with bad rows is refused whole, listing each row and reason.
 */
@Path("/api/v1/subject-mappings")
@RolesAllowed(Roles.TRAINER_OPERATOR)
@SecurityRequirement(name = ApiDocumentation.BEARER)
@Tag(name = "subject-mappings")
public class SubjectMappingResource {

    @Inject
    SubjectMappings mappings;

    @POST
    @Path("/{datasetId}")
    @Consumes({"text/csv", "application/x-ndjson", "application/jsonl"})
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "importSubjectMapping", summary = "Append a mapping file (CSV 'sample_id,subject_id' or JSONL {sampleId, subjectId}); 201 with the batch, 200 when nothing was new, 422 listing bad rows")
    @APIResponse(responseCode = "201", description = "A new batch was stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MappingImportResult.class)))
    @APIResponse(responseCode = "200", description = "Nothing in the file was new",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MappingImportResult.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "413", ref = ApiDocumentation.TOO_LARGE)
    @APIResponse(responseCode = "422", ref = ApiDocumentation.UNPROCESSABLE)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    @APIResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
    public Response importFile(@PathParam("datasetId") String datasetId,
                               @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                               @RequestBody(required = true, content = {
                                       @Content(mediaType = "text/csv", schema = @Schema(implementation = MappingFileBody.class)),
                                       @Content(mediaType = "application/x-ndjson", schema = @Schema(implementation = MappingFileBody.class)),
                                       @Content(mediaType = "application/jsonl", schema = @Schema(implementation = MappingFileBody.class))})
                               byte[] body) {
        try {
            if (!datasetId.matches("[A-Za-z0-9._-]{1,120}")) {
                return Problems.of(400, "invalid dataset id '" + datasetId + "'");
            }
            MappingImportResult result = mappings.importFile(datasetId, body == null ? new byte[0] : body,
                    SubjectMappingFile.Format.ofMediaType(contentType));
            return Response.status(result.batch() == null ? 200 : 201).entity(result).build();
        } catch (MappingRejectedException e) {
            return Problems.rows(e.getMessage(), e.problems());
        } catch (RejectedInputException e) {
            return Problems.of(e.status(), e.getMessage());
        } catch (IllegalArgumentException e) {
            return Problems.of(400, e.getMessage());
        } catch (StorageException e) {
            return Problems.of(503, "cannot store the mapping right now: " + e.getMessage());
        }
    }

    @GET
    @Path("/{datasetId}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "getSubjectMappingSummary", summary = "How much of the dataset is mapped: batches, subjects and samples (counts only)")
    @APIResponse(responseCode = "200", description = "Counts of batches, subjects and samples",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    @APIResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
    public Response summary(@PathParam("datasetId") String datasetId) {
        try {
            if (!datasetId.matches("[A-Za-z0-9._-]{1,120}")) {
                return Problems.of(400, "invalid dataset id '" + datasetId + "'");
            }
            return Response.ok(mappings.summary(datasetId)).build();
        } catch (RejectedInputException e) {
            return Problems.of(e.status(), e.getMessage());
        } catch (StorageException e) {
            return Problems.of(503, e.getMessage());
        }
    }
}
