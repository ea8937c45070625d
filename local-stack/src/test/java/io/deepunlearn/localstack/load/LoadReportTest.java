package io.deepunlearn.localstack.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.localstack.PipelineClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadReportTest {

    static final long S = 1_000_000_000L;

    static List<RequestOutcome> outcomes(double... secondsToAudited) {
        List<RequestOutcome> out = new java.util.ArrayList<>();
        for (int i = 0; i < secondsToAudited.length; i++) {
            long audited = (long) (secondsToAudited[i] * S) + i * S;
            out.add(new RequestOutcome(i, "s" + i, i * S, 0, i * S + S / 20, 202, "fr-" + i, null, audited, audited + S / 10,
                    List.of("v" + i), null));
        }
        return out;
    }

    @Test
    void theSummaryTakesLatencyFromOnePerSecondAndThroughputFromTheTopRate(@TempDir Path dir) throws Exception {
        List<RequestOutcome> slow = outcomes(4, 6, 8);
        List<RequestOutcome> fast = outcomes(20, 20);
        RateResult one = RateResult.of(new OfferedRate(1, 3), slow, Map.of(), Map.of());
        RateResult hundred = RateResult.of(new OfferedRate(100, 0.02), fast, Map.of(), Map.of());
        LoadReport report = new LoadReport(Map.of("method", "MSG"), List.of(one, hundred));
        assertThat(report.latencyStep()).isSameAs(one);
        assertThat(report.topStep()).isSameAs(hundred);
        // 2 receipts in 21.1 s (first send 0 s, last receipt 1 s + 20 s + 0.1 s) -> 5.7 per minute
        assertThat(report.summaryLine()).isEqualTo("pipeline p50_s=6.00 p95_s=7.80 throughput_per_min=5.7 lost=0");
        assertThat(report.table()).hasSize(3);
        assertThat(report.table().get(1)).startsWith("      1 ");

        report.write(dir, List.of(slow, fast));
        var json = PipelineClient.JSON.readTree(dir.resolve("results.json").toFile());
        assertThat(json.path("rates")).hasSize(2);
        assertThat(json.path("rates").get(0).path("toAudited").path("p50").asDouble()).isEqualTo(6.0);
        assertThat(json.path("summary").path("line").asText()).isEqualTo(report.summaryLine());
        assertThat(Files.readAllLines(dir.resolve("requests.csv"))).hasSize(1 + 5);
    }

    @Test
    void withoutAOnePerSecondStepTheLowestRateGivesTheLatencyAndMissingFiguresAreNan() {
        RateResult two = RateResult.of(new OfferedRate(2, 1), List.of(
                new RequestOutcome(0, "s0", 0, 0, S / 10, 500, null, "boom", null, null, List.of(), null)), Map.of(), Map.of());
        RateResult five = RateResult.of(new OfferedRate(5, 1), outcomes(3), Map.of(), Map.of());
        LoadReport report = new LoadReport(Map.of(), List.of(five, two));
        assertThat(report.latencyStep()).isSameAs(two);
        assertThat(report.summaryLine()).startsWith("pipeline p50_s=nan p95_s=nan throughput_per_min=").endsWith(" lost=1");
    }
}
