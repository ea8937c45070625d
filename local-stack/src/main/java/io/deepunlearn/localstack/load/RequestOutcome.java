package io.deepunlearn.localstack.load;

import java.util.List;

/**
 * One offered request, accounted: when it was sent (harness clock, nanoseconds since the run's origin), what the
 * REST intake answered (202 with a request id, or a refusal with its reason; status 0 when no answer came), and
 * what the harness then observed: the audited status, the receipt, the audited versions, a failure.
 */
public record RequestOutcome(int index, String subject, long sentAt, long sendLagNanos, Long answeredAt,
                             int httpStatus, String requestId, String refusal, Long auditedAt, Long receiptAt,
                             List<String> versions, String failure) {

    public boolean accepted() {
        return httpStatus == 202 && requestId != null;
    }

    public boolean receipted() {
        return accepted() && receiptAt != null;
    }

    /** Served by more than one audited version: unlearned twice. */
    public boolean duplicated() {
        return versions.size() > 1;
    }

    /** Seconds the REST intake took to answer, when it did. */
    public Double secondsToAnswer() {
        return answeredAt == null ? null : (answeredAt - sentAt) / 1e9;
    }

    /** Seconds from sending to the audited model, when observed. */
    public Double secondsToAudited() {
        return auditedAt == null ? null : (auditedAt - sentAt) / 1e9;
    }

    public Double secondsToReceipt() {
        return receiptAt == null ? null : (receiptAt - sentAt) / 1e9;
    }
}
