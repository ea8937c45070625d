package io.deepunlearn.localstack.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateResultTest {

    static final long S = 1_000_000_000L;

    static RequestOutcome receipted(int i, String id, long sent, long audited, long receipt, String... versions) {
        return new RequestOutcome(i, "subject-" + i, sent, 0, sent + S / 10, 202, id, null, audited, receipt, List.of(versions), null);
    }

    @Test
    void lostDuplicatesLatencyAndThroughputAreAccountedPerRequest() {
        List<RequestOutcome> outcomes = List.of(
                receipted(0, "fr-a", 0, 4 * S, 5 * S, "v1"),
                receipted(1, "fr-b", 1 * S, 7 * S, 8 * S, "v1"),
                // served by two audited versions: a duplicate, though it has its receipt
                receipted(2, "fr-c", 2 * S, 10 * S, 11 * S, "v1", "v2"),
                // refused by the intake: lost, with its reason
                new RequestOutcome(3, "subject-3", 3 * S, 2_000_000, 3 * S + S / 2, 422, null, "no trained samples", null, null, List.of(), null),
                // accepted but failed in the pipeline: lost
                new RequestOutcome(4, "subject-4", 4 * S, 0, 4 * S + S / 10, 202, "fr-e", null, null, null, List.of(), "cannot run: boom"),
                // accepted, audited, but no receipt before the drain timeout: lost
                new RequestOutcome(5, "subject-5", 5 * S, 0, 5 * S + S / 10, 202, "fr-f", null, 9 * S, null, List.of("v2"), null));
        RateResult r = RateResult.of(new OfferedRate(1, 6), outcomes,
                Map.of("v1", List.of("fr-a", "fr-b", "fr-c"), "v2", List.of("fr-c", "fr-f")),
                Map.of("v1", "pass", "v2", "fail"));
        assertThat(r.offered()).isEqualTo(6);
        assertThat(r.accepted()).isEqualTo(5);
        assertThat(r.refused()).isEqualTo(1);
        assertThat(r.refusals()).containsExactly(Map.entry("422 no trained samples", 1));
        assertThat(r.failures()).containsExactly(Map.entry("cannot run: boom", 1),
                Map.entry("no receipt before the drain timeout", 1));
        assertThat(r.receipted()).isEqualTo(3);
        assertThat(r.audited()).isEqualTo(4);
        assertThat(r.failed()).isEqualTo(1);
        assertThat(r.lost()).isEqualTo(3);
        assertThat(r.duplicates()).isEqualTo(1);
        // latencies only of receipted requests: 4, 6, 8 s to the audited model; 5, 7, 9 s to the receipt
        assertThat(r.toAudited().count()).isEqualTo(3);
        assertThat(r.toAudited().p50()).isCloseTo(6.0, within(1e-9));
        assertThat(r.toAudited().max()).isCloseTo(8.0, within(1e-9));
        assertThat(r.toReceipt().p50()).isCloseTo(7.0, within(1e-9));
        // the intake answered every request (refusals too): 0.1 s five times, 0.5 s once
        assertThat(r.toAnswer().count()).isEqualTo(6);
        assertThat(r.toAnswer().max()).isCloseTo(0.5, within(1e-9));
        // 3 receipts from the first send (0 s) to the last receipt (11 s)
        assertThat(r.lastReceiptSeconds()).isCloseTo(11.0, within(1e-9));
        assertThat(r.throughputPerMin()).isCloseTo(3 / 11.0 * 60, within(1e-9));
        assertThat(r.sendSeconds()).isCloseTo(5.0, within(1e-9));
        assertThat(r.maxSendLagMs()).isCloseTo(2.0, within(1e-9));
        assertThat(r.unlearningRuns()).isEqualTo(2);
        assertThat(r.failedAudits()).isEqualTo(1);
        assertThat(r.meanRequestsPerRun()).isCloseTo(2.5, within(1e-9));
    }

    @Test
    void nothingReceiptedHasNoThroughputAndEverythingLost() {
        RateResult r = RateResult.of(new OfferedRate(10, 0.2), List.of(
                new RequestOutcome(0, "s0", 0, 0, null, 0, null, "connection refused", null, null, List.of(), null),
                new RequestOutcome(1, "s1", S / 10, 0, null, 0, null, "connection refused", null, null, List.of(), null)),
                Map.of(), Map.of());
        assertThat(r.lost()).isEqualTo(2);
        assertThat(r.throughputPerMin()).isNull();
        assertThat(r.toAudited().p50()).isNull();
        assertThat(r.toAnswer().count()).isZero();
        assertThat(r.refusals()).containsExactly(Map.entry("0 connection refused", 2));
        assertThat(r.unlearningRuns()).isZero();
    }
}
