package io.deepunlearn.unlearner.model;

import java.util.List;

/**
 * {@code POST /api/v1/forget-requests}: either a data-subject id or explicit sample ids; a target model, or none /
 * {@code "all"} for every model trained on them (then {@code datasetId} is required); optional method override.
 */
public record ForgetRequestBody(String subjectId, List<Integer> sampleIds, String modelId, String datasetId,
                                String method) {

    public static final String ALL_MODELS = "all";

    public boolean allModels() {
        return modelId == null || modelId.isBlank() || ALL_MODELS.equalsIgnoreCase(modelId);
    }
}
