package io.deepunlearn.auditor.service;

import io.deepunlearn.pipeline.event.AuditCompleted;
import io.deepunlearn.pipeline.storage.ErasureReceipt;
import java.util.List;

/**
 * An audit's outcome ({@code pass}, {@code fail}, {@code inconclusive}), the failed criteria and a plain-words
 * summary for the receipt.
 */
public record Verdict(String outcome, List<String> reasons, String summary) {

    public boolean passed() {
        return AuditCompleted.PASS.equals(outcome);
    }

    public boolean inconclusive() {
        return AuditCompleted.INCONCLUSIVE.equals(outcome);
    }

    /** Whether the unlearned version is released under {@code policy} (pass, or inconclusive with RELEASE). */
    public boolean releases(InconclusivePolicy policy) {
        return passed() || (inconclusive() && policy == InconclusivePolicy.RELEASE);
    }

    /** The receipt's resolution under {@code policy}. */
    public String resolution(InconclusivePolicy policy) {
        if (passed()) {
            return ErasureReceipt.RELEASED;
        }
        return releases(policy) ? ErasureReceipt.RELEASED_WITH_CAVEAT : ErasureReceipt.RETRAIN_REQUESTED;
    }
}
