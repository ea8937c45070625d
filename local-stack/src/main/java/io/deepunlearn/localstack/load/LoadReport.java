package io.deepunlearn.localstack.load;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.deepunlearn.localstack.PipelineClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load run's result: the setup and one {@link RateResult} per offered rate. The summary line takes p50/p95
 * from the 1 request/s step (the lowest rate when none is 1/s: the latency of a lightly loaded pipeline), the
 * throughput from the highest rate (what the pipeline sustains under saturation) and the lost count over all steps.
 */
public record LoadReport(Map<String, Object> setup, List<RateResult> rates) {

    /** The step whose latency the summary reports: 1/s if offered, else the lowest rate. */
    public RateResult latencyStep() {
        return rates.stream().filter(r -> r.perSecond() == 1.0).findFirst()
                .orElseGet(() -> rates.stream().min(Comparator.comparingDouble(RateResult::perSecond)).orElseThrow());
    }

    /** The step whose throughput the summary reports: the highest rate. */
    public RateResult topStep() {
        return rates.stream().max(Comparator.comparingDouble(RateResult::perSecond)).orElseThrow();
    }

    public int lost() {
        return rates.stream().mapToInt(RateResult::lost).sum();
    }

    public int duplicates() {
        return rates.stream().mapToInt(RateResult::duplicates).sum();
    }

    /** {@code pipeline p50_s=<a> p95_s=<b> throughput_per_min=<c> lost=<n>}; {@code nan} where nothing was measured. */
    public String summaryLine() {
        LatencySummary l = latencyStep().toAudited();
        return String.format(Locale.ROOT, "pipeline p50_s=%s p95_s=%s throughput_per_min=%s lost=%d",
                num(l.p50(), 2), num(l.p95(), 2), num(topStep().throughputPerMin(), 1), lost());
    }

    /**
     * A fixed-width table, one row per rate: latencies are send to audited model; span_s is first send to last
     * receipt (the throughput's denominator); lag_ms is the worst lateness of a send against its schedule;
     * intake_p95 is the 95th percentile of the REST intake's answer time in seconds.
     */
    public List<String> table() {
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "%7s %6s %6s %7s %9s %5s %4s %5s %7s %7s %7s %7s %7s %9s %8s %8s %10s",
                "rate/s", "sent", "202", "audited", "receipted", "lost", "dup", "runs", "req/run", "p50_s", "p95_s",
                "p99_s", "max_s", "thr/min", "span_s", "lag_ms", "intake_p95"));
        for (RateResult r : rates) {
            LatencySummary l = r.toAudited();
            rows.add(String.format(Locale.ROOT, "%7s %6d %6d %7d %9d %5d %4d %5d %7s %7s %7s %7s %7s %9s %8.1f %8.1f %10s",
                    new OfferedRate(r.perSecond(), r.seconds()).label(), r.offered(), r.accepted(), r.audited(),
                    r.receipted(), r.lost(), r.duplicates(), r.unlearningRuns(), num(r.meanRequestsPerRun(), 1),
                    num(l.p50(), 2), num(l.p95(), 2), num(l.p99(), 2), num(l.max(), 2), num(r.throughputPerMin(), 1),
                    r.lastReceiptSeconds(), r.maxSendLagMs(), num(r.toAnswer().p95(), 2)));
        }
        return rows;
    }

    /** {@code results.json} (setup, per-rate results, summary) and {@code requests.csv} (one row per request). */
    public void write(Path dir, List<List<RequestOutcome>> outcomesPerRate) {
        try {
            Files.createDirectories(dir);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("setup", setup);
            json.put("rates", rates);
            json.put("summary", Map.of("latencyRatePerSecond", latencyStep().perSecond(),
                    "throughputRatePerSecond", topStep().perSecond(), "lost", lost(), "duplicates", duplicates(),
                    "line", summaryLine()));
            PipelineClient.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(dir.resolve("results.json").toFile(), json);
            List<String> csv = new ArrayList<>();
            csv.add("rate_per_s,index,subject,http_status,request_id,sent_s,send_lag_ms,answered_s,audited_s,receipt_s,versions,"
                    + "refusal,failure");
            for (int k = 0; k < rates.size(); k++) {
                List<RequestOutcome> outcomes = outcomesPerRate.get(k);
                long origin = outcomes.stream().mapToLong(RequestOutcome::sentAt).min().orElse(0);
                for (RequestOutcome o : outcomes) {
                    csv.add(String.join(",", String.valueOf(rates.get(k).perSecond()), String.valueOf(o.index()),
                            o.subject(), String.valueOf(o.httpStatus()), nz(o.requestId()),
                            sec(o.sentAt() - origin), String.format(Locale.ROOT, "%.1f", o.sendLagNanos() / 1e6),
                            o.answeredAt() == null ? "" : sec(o.answeredAt() - origin),
                            o.auditedAt() == null ? "" : sec(o.auditedAt() - origin),
                            o.receiptAt() == null ? "" : sec(o.receiptAt() - origin),
                            String.join(" ", o.versions()), csvText(o.refusal()), csvText(o.failure())));
                }
            }
            Files.write(dir.resolve("requests.csv"), csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the load results to " + dir, e);
        }
    }

    static String num(Double v, int decimals) {
        return v == null || v.isNaN() ? "nan" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String sec(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String csvText(String s) {
        return s == null ? "" : "\"" + s.replace("\"", "'") + "\"";
    }
}
