package io.deepunlearn.trainer;

import io.deepunlearn.service.testing.ServiceSecretsResource;

/** The trainer's keys for its {@code @QuarkusTest}s ({@link ServiceSecretsResource}). */
public class SecretsTestResource extends ServiceSecretsResource {

    public SecretsTestResource() {
        super("trainer-service");
    }
}
