package io.deepunlearn.trainer.model;

/** The answer to a dataset file upload: which dataset, which file, how many bytes were stored. */
public record UploadedFile(String dataset, String file, long bytes) {
}
