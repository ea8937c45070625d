package io.deepunlearn.trainer.rest;

import io.deepunlearn.pipeline.event.TrainingRequested;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.trainer.model.TrainingJobBody;
import io.deepunlearn.trainer.service.ModelRegistration;
import io.deepunlearn.trainer.service.RejectedInputException;
import io.deepunlearn.trainer.service.TrainingService;
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
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Starts trainings: the request becomes a training-requested event, the same path as any other producer's. */
@Path("/api/v1/training-jobs")
@Tag(name = "training-jobs")
public class TrainingJobResource {

    @Inject
    EventPublisher publisher;
    @Inject
    Topics topics;
    @Inject
    TrainingService training;
    @Inject
    ModelRegistration registration;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Train a model (202 + job id); follow it at GET /api/v1/training-jobs/{jobId}")
    public Response submit(TrainingJobBody body) {
        if (body == null) {
            return bad("a JSON body is required");
        }
        TrainingSpec spec;
        String modelId;
        try {
            registration.requireKnownDataset(body.dataset()); // first: an unknown dataset is the likelier mistake
            spec = new TrainingSpec(body.dataset(), body.trainLimit(), body.testLimit(),
                    Objects.requireNonNullElse(body.architecture(), "small-cnn"),
                    Objects.requireNonNullElse(body.seed(), 0), Objects.requireNonNullElse(body.epochs(), 1),
                    Objects.requireNonNullElse(body.batchSize(), 64), Objects.requireNonNullElse(body.learningRate(), 0.05));
            registration.requireRunnable(spec);
            modelId = CheckpointStore.requireModelId(body.modelId() == null
                    ? "model-" + UUID.randomUUID().toString().substring(0, 8) : body.modelId());
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        } catch (RejectedInputException e) {
            return Response.status(e.status()).entity(Map.of("error", e.getMessage())).build();
        }
        String jobId = "job-" + UUID.randomUUID();
        try {
            publisher.publish(topics.trainingRequested(), new TrainingRequested(TrainingRequested.SCHEMA_VERSION, jobId,
                    modelId, spec, Instant.now()), jobId);
        } catch (IllegalStateException e) {
            return Response.status(503).entity(Map.of("error", "cannot queue the job right now: " + e.getMessage())).build();
        }
        return Response.status(202).entity(Map.of("jobId", jobId, "modelId", modelId, "datasetId", spec.datasetId())).build();
    }

    @GET
    @Path("/{jobId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A training job's status: QUEUED, RUNNING, SUCCEEDED (with version and sha256) or FAILED")
    public Response job(@PathParam("jobId") String jobId) {
        try {
            return training.job(jobId).map(j -> Response.ok(j).build())
                    .orElse(Response.status(404).entity(Map.of("error", "unknown job " + jobId)).build());
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage());
        } catch (RuntimeException e) {
            return Response.status(503).entity(Map.of("error", "cannot read the job right now: " + e.getMessage())).build();
        }
    }

    private static Response bad(String reason) {
        return Response.status(400).entity(Map.of("error", reason)).build();
    }
}
