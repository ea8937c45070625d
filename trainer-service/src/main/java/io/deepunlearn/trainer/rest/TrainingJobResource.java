package io.deepunlearn.trainer.rest;

import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import io.deepunlearn.pipeline.event.TrainingRequested;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.security.Roles;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.service.rest.ApiDocumentation;
import io.deepunlearn.service.rest.Problem;
import io.deepunlearn.service.rest.ProblemException;
import io.deepunlearn.trainer.model.TrainingJob;
import io.deepunlearn.trainer.model.TrainingJobAccepted;
import io.deepunlearn.trainer.model.TrainingJobBody;
import io.deepunlearn.trainer.service.ModelRegistration;
import io.deepunlearn.trainer.service.RejectedInputException;
import io.deepunlearn.trainer.service.TrainingService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Starts trainings: the request becomes a training-requested event, the same path as any other producer's.
 * Role {@code trainer-operator} only; job sizes are bounded by {@link TrainingLimits}.
 */
@Path("/api/v1/training-jobs")
@RolesAllowed(Roles.TRAINER_OPERATOR)
@SecurityRequirement(name = ApiDocumentation.BEARER)
@Tag(name = "training-jobs")
public class TrainingJobResource {

    @Inject
    EventPublisher publisher;
    @Inject
    Topics topics;
    @Inject
    TrainingService training;
    @Inject
    CheckpointStore checkpoints;
    @Inject
    ModelRegistration registration;
    @Inject
    TrainingLimits limits;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "submitTrainingJob",
            summary = "Train a model (202 + job id); follow it at GET /api/v1/training-jobs/{jobId}")
    @APIResponse(responseCode = "202", description = "Queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TrainingJobAccepted.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "409", ref = ApiDocumentation.CONFLICT)
    @APIResponse(responseCode = "422", ref = ApiDocumentation.UNPROCESSABLE)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    @APIResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
    public Response submit(@RequestBody(required = true) TrainingJobBody body) {
        if (body == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        try {
            registration.requireKnownDataset(body.dataset()); // first: an unknown dataset is the likelier mistake
        } catch (RejectedInputException e) {
            throw new ProblemException(e.status(), e.getMessage(),
                    List.of(Problem.FieldError.of("dataset", e.getMessage())), e);
        }
        TrainingSpec spec;
        try {
            spec = new TrainingSpec(body.dataset(), body.trainLimit(), body.testLimit(),
                    Objects.requireNonNullElse(body.architecture(), "small-cnn"),
                    Objects.requireNonNullElse(body.seed(), 0), Objects.requireNonNullElse(body.epochs(), 1),
                    Objects.requireNonNullElse(body.batchSize(), 64), Objects.requireNonNullElse(body.learningRate(), 0.05));
            registration.requireRunnable(spec);
            limits.check(spec);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(422, e.getMessage());
        }
        String modelId;
        try {
            modelId = CheckpointStore.requireModelId(body.modelId() == null
                    ? "model-" + UUID.randomUUID().toString().substring(0, 8) : body.modelId());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, e.getMessage(), List.of(Problem.FieldError.of("modelId", e.getMessage())), null);
        }
        // a second original training would publish a version without a parent: the lineage (and what it forgot) would fork
        if (checkpoints.latestVersion(modelId).isPresent()) {
            throw ProblemException.conflict("model " + modelId + " already exists; its versions come from forget "
                    + "requests (and retrains), not from another training");
        }
        String jobId = "job-" + UUID.randomUUID();
        try {
            publisher.publish(topics.trainingRequested(), new TrainingRequested(TrainingRequested.SCHEMA_VERSION, jobId,
                    modelId, spec, Instant.now()), jobId);
        } catch (IllegalStateException e) {
            throw ProblemException.unavailable("cannot queue the job right now: " + e.getMessage(), e);
        }
        return Response.status(202).type(MediaType.APPLICATION_JSON)
                .entity(new TrainingJobAccepted(jobId, modelId, spec.datasetId())).build();
    }

    @GET
    @Path("/{jobId}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "getTrainingJob",
            summary = "A training job's status: QUEUED, RUNNING, SUCCEEDED (with version and sha256) or FAILED")
    @APIResponse(responseCode = "200", description = "The job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TrainingJob.class)))
    @APIResponse(responseCode = "400", ref = ApiDocumentation.BAD_REQUEST)
    @APIResponse(responseCode = "404", ref = ApiDocumentation.NOT_FOUND)
    @APIResponse(responseCode = "503", ref = ApiDocumentation.UNAVAILABLE)
    @APIResponse(responseCode = "401", ref = ApiDocumentation.UNAUTHORIZED)
    @APIResponse(responseCode = "403", ref = ApiDocumentation.FORBIDDEN)
    public TrainingJob job(@Parameter(description = "Job id, as returned by submitTrainingJob") @PathParam("jobId") String jobId) {
        try {
            return training.job(jobId).orElseThrow(() -> ProblemException.notFound("unknown job " + jobId));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
    }
}
