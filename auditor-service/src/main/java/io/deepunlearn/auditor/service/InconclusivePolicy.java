package io.deepunlearn.auditor.service;

import java.util.Locale;

/**
 * What an {@code inconclusive} audit (the pre-erasure model showed no membership signal: the attack had no power)
 * does: {@code RELEASE} the unlearned version with the caveat written in the receipt, or {@code RETRAIN} exactly
 * (the cost of a retrain for certainty). Configured by {@code deepunlearn.audit.inconclusive-policy}.
 */
public enum InconclusivePolicy {
    RELEASE, RETRAIN;

    public static InconclusivePolicy parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("deepunlearn.audit.inconclusive-policy must be release or retrain, got '"
                    + value + "'");
        }
    }
}
