package io.deepunlearn.unlearner.model;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /api/v1/forget-requests}: either a data-subject id or explicit sample ids; a target model, or none /
 * {@code "all"} for every model trained on them (then {@code datasetId} is required); optional method override.
 */
@Schema(name = "ForgetRequestBody", description = "An erasure request: exactly one of subjectId or sampleIds")
public record ForgetRequestBody(
        @Schema(description = "Data subject whose samples are to be forgotten (resolved through the dataset's "
                + "subject mapping)") String subjectId,
        @Schema(description = "Explicit sample ids (non-negative, at most the service's per-request limit)")
        List<Integer> sampleIds,
        @Schema(description = "Target model; omitted or \"all\" for every model trained on the samples")
        String modelId,
        @Schema(description = "Dataset of the samples; required when modelId is omitted or \"all\"") String datasetId,
        @Schema(description = "Unlearning method override (a method of the ML core, e.g. FT, MSG)") String method,
        @Schema(description = "Called (POST, JSON) once the request is PUBLISHED or finally FAILED: http(s), no "
                + "credentials in the URL, no internal addresses unless the service allows them (docs/api.md)",
                maxLength = 2048, examples = "https://orchestrator.example.com/erasures/callback") String callbackUrl) {

    public static final String ALL_MODELS = "all";

    public boolean allModels() {
        return modelId == null || modelId.isBlank() || ALL_MODELS.equalsIgnoreCase(modelId);
    }
}
