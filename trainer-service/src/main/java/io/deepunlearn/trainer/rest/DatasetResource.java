package io.deepunlearn.trainer.rest;

import io.deepunlearn.pipeline.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import io.deepunlearn.core.data.DatasetException;
import io.deepunlearn.pipeline.datasets.UploadedDatasets;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.ml.ModelTrainer;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.StorageException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import io.deepunlearn.trainer.model.UploadedFile;
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
 * Users' datasets in the object store ({@code s3:NAME}): upload the NPY shards (here, or with any S3 client to
 * {@code s3://datasets/uploads/NAME/}), then register them, which validates and seals them (docs/integration.md).
 */
@Path("/api/v1/datasets")
@RolesAllowed(Roles.TRAINER_OPERATOR)
@SecurityRequirement(name = ApiDocumentation.BEARER)
@Tag(name = "datasets")
public class DatasetResource {

    /** The body of a registration: the NAME of uploads/NAME/. */
    public record DatasetName(String name) {
    }

    @Inject
    UploadedDatasets uploads;
    @Inject
    ManifestStore manifests;

    @PUT
    @Path("/{name}/files/{file: .+}")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "uploadDatasetFile", summary = "Upload one file of a dataset that is not registered yet (dataset.json, train|test/images|labels|ids[-SUFFIX].npy)")
    @APIResponse(responseCode = "201", description = "The file is stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UploadedFile.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "413", ref = ApiDocumentation.TOO_LARGE)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    @APIResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
    public Response putFile(@PathParam("name") String name, @PathParam("file") String file, byte[] body) {
        try {
            UploadedDatasets.requireName(name);
            UploadedDatasets.requireFile(file);
            if (body == null || body.length == 0) {
                return Problems.of(400, "empty file");
            }
            uploads.putFile(name, file, body);
            return Response.status(201).entity(new UploadedFile(UploadedDatasets.SCHEME + ":" + name, file, body.length))
                    .build();
        } catch (IllegalArgumentException e) {
            return Problems.of(400, e.getMessage());
        } catch (IllegalStateException e) {
            return Problems.of(409, e.getMessage());
        } catch (StorageException e) {
            return Problems.of(503, "cannot store the file right now: " + e.getMessage());
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "registerDataset", summary = "Register (validate and seal) an uploaded dataset; 201 with its shape and counts, 200 when already registered with the same files")
    @APIResponse(responseCode = "201", description = "Registered and sealed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UploadedDatasets.Seal.class)))
    @APIResponse(responseCode = "200", description = "Already registered with the same files",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UploadedDatasets.Seal.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "422", ref = ApiDocumentation.UNPROCESSABLE)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    @APIResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
    public Response register(DatasetName body) {
        if (body == null || body.name() == null) {
            return Problems.of(400, "a JSON body {\"name\": NAME} is required");
        }
        try {
            UploadedDatasets.requireName(body.name());
            boolean existed = uploads.seal(body.name()).isPresent();
            UploadedDatasets.Seal seal = uploads.register(body.name());
            // its manifest (subjects come from mapping files) exists from now on, so mappings can be imported
            ModelTrainer.ensureManifest(new TrainingSpec(seal.dataset(), null, null, "unused", 0, 1, 1, 0.1), manifests);
            return Response.status(existed ? 200 : 201).entity(seal).build();
        } catch (DatasetException e) {
            return Problems.of(422, e.getMessage());
        } catch (IllegalArgumentException e) {
            return Problems.of(400, e.getMessage());
        } catch (IllegalStateException e) {
            return Problems.of(409, e.getMessage());
        } catch (StorageException e) {
            return Problems.of(503, "cannot read the dataset right now: " + e.getMessage());
        }
    }

    @GET
    @Path("/{name}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "getDataset", summary = "A registered dataset's seal: files and their SHA-256, classes, image shape, counts, datasetId")
    @APIResponse(responseCode = "200", description = "The dataset's seal",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UploadedDatasets.Seal.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    @APIResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
    public Response get(@PathParam("name") String name) {
        try {
            return uploads.seal(UploadedDatasets.requireName(name)).map(s -> Response.ok(s).build())
                    .orElse(Problems.of(404, "dataset s3:" + name + " is not registered"));
        } catch (IllegalArgumentException e) {
            return Problems.of(400, e.getMessage());
        } catch (StorageException e) {
            return Problems.of(503, e.getMessage());
        }
    }
}
