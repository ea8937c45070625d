package io.deepunlearn.trainer.model;

import io.deepunlearn.pipeline.storage.ModelManifest;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One published version of a model, as {@code GET /api/v1/models/{id}/versions} lists it: its lineage, checkpoint
 * hash and what it has forgotten so far (counts; the sample ids stay in the manifest in the object store).
 */
@Schema(name = "ModelVersion")
public record ModelVersionView(
        @Schema(required = true) String modelId,
        @Schema(required = true, examples = "000002-3fa4c1d2e5b6") String version,
        @Schema(description = "The version this one was derived from (absent for the first)") String parentVersion,
        @Schema(required = true, description = "SHA-256 of the checkpoint") String sha256,
        @Schema(required = true) String datasetId,
        @Schema(required = true, examples = "unlearner:MSG") String producedBy,
        @Schema(required = true) int trainSampleCount,
        @Schema(required = true, description = "Samples forgotten over the lineage up to this version")
        int forgottenSampleCount,
        @Schema(required = true, description = "Forget requests honoured over the lineage up to this version")
        int requestCount,
        @Schema(required = true, description = "True for the version release.json points to (what serving loads)")
        boolean released,
        Instant createdAt) {

    public static ModelVersionView of(ModelManifest m, boolean released) {
        return new ModelVersionView(m.modelId(), m.version(), m.parentVersion(), m.sha256(), m.datasetId(),
                m.producedBy(), m.trainSampleIds().size(), m.forgottenSampleIds().size(), m.requestIds().size(),
                released, m.createdAt());
    }
}
