package io.deepunlearn.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Typed models where a Java model exists (Kubernetes, prometheus-operator, Strimzi); strict JSON schemas otherwise. */
final class ManifestValidator {

    private final StrictModelValidator models = new StrictModelValidator();
    private final SchemaValidator schemas = new SchemaValidator();

    List<String> validate(JsonNode document) {
        return schemas.supports(document) ? schemas.validate(document) : models.validate(document);
    }
}
