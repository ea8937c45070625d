package io.deepunlearn.trainer.model;

/**
 * The answer to a subject-mapping import: the batch it became ({@code batch} null when every row was already
 * imported), its new subjects and samples, and the rows that repeated an earlier import.
 */
public record MappingImportResult(String datasetId, Integer batch, int rows, int newSubjects, int newSamples,
                                  int alreadyImported) {
}
