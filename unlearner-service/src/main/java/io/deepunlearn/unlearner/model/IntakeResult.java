package io.deepunlearn.unlearner.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The answer to a forget request: {@code status} is {@code accepted} (202, new requests created, one per
 * target model) or {@code duplicate} (200, the same requester already asked for the same erasure: its request ids).
 * A new request's {@code capability} (shown only in the 202) opens that request's status and receipt for whoever
 * holds it, e.g. the data subject's case at the controller.
 */
public record IntakeResult(String status, String requestId, List<Target> requests) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(String requestId, String modelId, int sampleCount, String capability) {
    }

    public boolean duplicate() {
        return "duplicate".equals(status);
    }
}
