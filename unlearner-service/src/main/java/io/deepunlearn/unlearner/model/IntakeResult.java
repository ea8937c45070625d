package io.deepunlearn.unlearner.model;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to a forget request: {@code status} is {@code accepted} (202, new requests created, one per
 * target model) or {@code duplicate} (200, the same erasure was already requested: its request ids).
 */
@Schema(name = "IntakeResult", description = "The requests an erasure created (accepted) or already had (duplicate)")
public record IntakeResult(
        @Schema(required = true, enumeration = {"accepted", "duplicate"}) String status,
        @Schema(required = true, description = "The first target's request id") String requestId,
        @Schema(required = true, description = "One request per target model") List<Target> requests) {

    @Schema(name = "IntakeTarget", description = "The request of one target model")
    public record Target(@Schema(required = true) String requestId, @Schema(required = true) String modelId,
                         @Schema(required = true, description = "Samples of the request the model was trained on")
                         int sampleCount) {
    }

    public boolean duplicate() {
        return "duplicate".equals(status);
    }
}
