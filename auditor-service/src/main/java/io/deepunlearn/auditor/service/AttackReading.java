package io.deepunlearn.auditor.service;

/**
 * One attack's figure on the forgotten samples, on the pre-erasure model (the control) and on the unlearned one,
 * with 0.5 as chance and {@code band} the half-width around chance that counts as noise
 * ({@link AuditThresholds#miaBand}, {@link AuditThresholds#aucBand}). {@code cap}: an absolute upper limit on the
 * post-erasure figure (the MIA's {@code miaMax}; 1 where there is none).
 */
public record AttackReading(String attack, double pre, double post, double band, double cap) {

    public static final double CHANCE = 0.5;

    /** The control: the model that still holds the data shows a membership signal. */
    public boolean preSignal() {
        return pre - CHANCE > band;
    }

    /** The unlearned model still looks like it trained on the forgotten samples. */
    public boolean postAbove() {
        return post - CHANCE > band || post > cap;
    }

    /** Over-unlearning: the forgotten samples look less like members than never-seen data do. */
    public boolean postBelow() {
        return CHANCE - post > band;
    }
}
