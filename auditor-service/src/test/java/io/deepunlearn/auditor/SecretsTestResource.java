package io.deepunlearn.auditor;

import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.ShadowStore;
import io.deepunlearn.service.testing.ServiceSecretsResource;

/**
 * The auditor's keys for its {@code @QuarkusTest}s ({@link ServiceSecretsResource}), and stores that sign as the
 * trainer: versions and shadows are written by the trainer and the unlearner, and the auditor's own key is not a
 * trusted checkpoint writer.
 */
public class SecretsTestResource extends ServiceSecretsResource {

    public SecretsTestResource() {
        super("auditor-service");
    }

    public static CheckpointStore trainerCheckpoints(ObjectStore store, String modelsBucket) {
        return new CheckpointStore(store, modelsBucket, keysOf("trainer-service"));
    }

    public static ShadowStore trainerShadows(ObjectStore store, String modelsBucket) {
        return new ShadowStore(store, modelsBucket, keysOf("trainer-service"));
    }
}
