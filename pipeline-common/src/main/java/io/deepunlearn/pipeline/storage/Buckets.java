package io.deepunlearn.pipeline.storage;

/** The three buckets (names are configuration) and their preparation at service start. */
public record Buckets(String models, String datasets, String evidence) {

    public static Buckets defaults() {
        return new Buckets("models", "datasets", "evidence");
    }

    /** Creates missing buckets: versioned everywhere, object lock on evidence where supported. */
    public void ensure(ObjectStore store) {
        store.ensureBucket(models, false);
        store.ensureBucket(datasets, false);
        store.ensureBucket(evidence, true);
    }
}
