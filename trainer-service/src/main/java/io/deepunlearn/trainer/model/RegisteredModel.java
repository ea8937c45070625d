package io.deepunlearn.trainer.model;

/** The answer to a registration: the lineage's version 1 as stored and released. */
public record RegisteredModel(String modelId, String version, String sha256, String dataset, String datasetId,
                              int numClasses, int trainSamples, int heldOutSamples, long parameters) {
}
