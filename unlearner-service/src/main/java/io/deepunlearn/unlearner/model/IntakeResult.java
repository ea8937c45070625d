package io.deepunlearn.unlearner.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The answer to a forget request: {@code status} is {@code accepted} (202, new requests created, one per
 * target model) or {@code duplicate} (200, the same requester already asked for the same erasure: its request ids).
 * A new request's {@code capability} (shown only in the 202) opens that request's status and receipt for whoever
 * holds it, e.g. the data subject's case at the controller.
 */
@Schema(name = "IntakeResult", description = "The requests an erasure created (accepted) or already had (duplicate)")
public record IntakeResult(
        @Schema(required = true, enumeration = {"accepted", "duplicate"}) String status,
        @Schema(required = true, description = "The first target's request id") String requestId,
        @Schema(required = true, description = "One request per target model") List<Target> requests) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(name = "IntakeTarget", description = "The request of one target model")
    public record Target(@Schema(required = true) String requestId, @Schema(required = true) String modelId,
                         @Schema(required = true, description = "Samples of the request the model was trained on")
                         int sampleCount,
                         @Schema(description = "Opens this request's status and receipt for whoever holds it (header "
                                 + "X-Request-Capability); given once, in the 202 of a new request, never in a "
                                 + "duplicate answer") String capability) {
    }

    public boolean duplicate() {
        return "duplicate".equals(status);
    }
}
