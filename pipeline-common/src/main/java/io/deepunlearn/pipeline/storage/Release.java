package io.deepunlearn.pipeline.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * {@code models/{modelId}/release.json}: the version serving should load, and since schema v2 the object a model
 * server loads, {@code weights} ({@code models/{modelId}/versions/{version}/model.safetensors}, written before this
 * record names it). A version this process cannot export (e.g. an architecture whose extension jar is not on its
 * classpath) is released anyway, with {@code weights} absent and {@code weightsUnavailable} saying why. A v1 record
 * (no {@code schemaVersion}, no weights) reads as schema 1 with neither. Docs: docs/integration.md section 5.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Release(Integer schemaVersion, String modelId, String version, String reason, Instant releasedAt,
                      Weights weights, String weightsUnavailable) {

    public static final int SCHEMA_VERSION = 2;

    public Release {
        if (schemaVersion == null) {
            schemaVersion = 1; // written before the weights were
        }
    }

    /**
     * The released version's weights as PyTorch {@code state_dict()} safetensors (torchvision's names for resnet18),
     * and the network to build before {@code load_state_dict(strict=True)}: {@code architecture} with
     * {@code numClasses} outputs on {@code channels}x{@code imageSize}x{@code imageSize} inputs.
     */
    public record Weights(String key, String sha256, long size, String format, String architecture, int numClasses,
                          int channels, int imageSize) {
        public static final String SAFETENSORS = "safetensors";
    }
}
