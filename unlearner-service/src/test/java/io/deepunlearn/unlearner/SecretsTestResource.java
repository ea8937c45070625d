package io.deepunlearn.unlearner;

import io.deepunlearn.service.testing.ServiceSecretsResource;

/** The unlearner's keys for its {@code @QuarkusTest}s ({@link ServiceSecretsResource}). */
public class SecretsTestResource extends ServiceSecretsResource {

    public SecretsTestResource() {
        super("unlearner-service");
    }
}
