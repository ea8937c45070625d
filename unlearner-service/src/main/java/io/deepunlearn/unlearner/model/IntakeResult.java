package io.deepunlearn.unlearner.model;

import java.util.List;

/**
 * The answer to a forget request: {@code status} is {@code accepted} (202, new requests created, one per
 * target model) or {@code duplicate} (200, the same erasure was already requested: its request ids).
 */
public record IntakeResult(String status, String requestId, List<Target> requests) {

    public record Target(String requestId, String modelId, int sampleCount) {
    }

    public boolean duplicate() {
        return "duplicate".equals(status);
    }
}
