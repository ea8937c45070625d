package io.deepunlearn.trainer.model;

import java.util.List;

/**
 * The {@code registration} part of {@code POST /api/v1/models}: a model trained elsewhere, registered as version 1 of
 * a lineage. {@code dataset} is the data it was trained on ({@code s3:NAME}, {@code npy:DIR} or a built-in name);
 * sample ids refer to that dataset's train part. {@code trainSampleIds}: what the model was trained on;
 * {@code heldOutSampleIds}: samples of the train part it never saw, which the audit's membership attacks use as
 * non-members (at least 10). Give either list (the other is the rest of the train part) or both. {@code recipe}:
 * how this pipeline retrains the lineage from scratch when an audit fails (and trains U-LiRA's shadows); the
 * defaults are the trainer's CPU recipe.
 */
public record ModelRegistrationBody(String modelId, String architecture, String dataset,
                                    List<Integer> trainSampleIds, List<Integer> heldOutSampleIds, Recipe recipe) {

    public record Recipe(Integer epochs, Integer batchSize, Double learningRate, Integer seed) {
    }
}
