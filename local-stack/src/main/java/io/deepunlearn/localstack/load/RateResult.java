package io.deepunlearn.localstack.load;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The accounting of one offered rate.
 * <ul>
 *   <li>{@code lost}: offered requests without a receipt (refused by the REST intake, failed, or not receipted
 *       before the drain timeout); {@code refusals} counts the refusal reasons, {@code failures} the reasons of
 *       accepted requests that got no receipt.</li>
 *   <li>{@code duplicates}: requests that more than one audited version names (unlearned twice).</li>
 *   <li>latencies: send to the first sighting of an audited model (PUBLISHED or RETRAINING), send to the receipt's appearance, and the
 *       REST intake's answer time (all answered requests).</li>
 *   <li>{@code throughputPerMin}: receipted requests per minute from the first send to the last receipt, the
 *       rate the pipeline sustained while draining this load.</li>
 *   <li>{@code unlearningRuns}: distinct unlearned versions that served this step's requests (coalescing turns
 *       many requests into one run); {@code failedAudits}: those of them whose audit failed (exact retrain).</li>
 * </ul>
 */
public record RateResult(double perSecond, double seconds, int offered, int accepted, int refused,
                         Map<String, Integer> refusals, Map<String, Integer> failures, int audited, int receipted,
                         int failed, int lost,
                         int duplicates, LatencySummary toAudited, LatencySummary toReceipt, LatencySummary toAnswer,
                         Double throughputPerMin,
                         double sendSeconds, double maxSendLagMs, double lastReceiptSeconds, int unlearningRuns,
                         int failedAudits, double meanRequestsPerRun) {

    /** Accounts the outcomes of one step; {@code runs} are the unlearning runs that served them, with audits. */
    public static RateResult of(OfferedRate rate, List<RequestOutcome> outcomes, Map<String, List<String>> runs,
                                Map<String, String> auditOutcomes) {
        int accepted = (int) outcomes.stream().filter(RequestOutcome::accepted).count();
        Map<String, Integer> refusals = new TreeMap<>();
        outcomes.stream().filter(o -> !o.accepted())
                .forEach(o -> refusals.merge(o.httpStatus() + " " + o.refusal(), 1, Integer::sum));
        Map<String, Integer> failures = new TreeMap<>();
        outcomes.stream().filter(o -> o.accepted() && !o.receipted()).forEach(o -> failures.merge(
                o.failure() != null ? o.failure() : "no receipt before the drain timeout", 1, Integer::sum));
        int receipted = (int) outcomes.stream().filter(RequestOutcome::receipted).count();
        int audited = (int) outcomes.stream().filter(o -> o.accepted() && o.auditedAt() != null).count();
        int failed = (int) outcomes.stream().filter(o -> o.accepted() && o.failure() != null).count();
        int duplicates = (int) outcomes.stream().filter(RequestOutcome::duplicated).count();
        double[] toAudited = outcomes.stream().filter(RequestOutcome::receipted).map(RequestOutcome::secondsToAudited)
                .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
        double[] toReceipt = outcomes.stream().filter(RequestOutcome::receipted)
                .mapToDouble(RequestOutcome::secondsToReceipt).toArray();
        double[] toAnswer = outcomes.stream().map(RequestOutcome::secondsToAnswer).filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue).toArray();
        long first = outcomes.stream().mapToLong(RequestOutcome::sentAt).min().orElse(0);
        long lastSend = outcomes.stream().mapToLong(RequestOutcome::sentAt).max().orElse(0);
        long lastReceipt = outcomes.stream().filter(RequestOutcome::receipted).mapToLong(RequestOutcome::receiptAt)
                .max().orElse(first);
        double span = (lastReceipt - first) / 1e9;
        Double throughput = receipted == 0 || span <= 0 ? null : receipted / span * 60;
        double maxLagMs = outcomes.stream().mapToLong(RequestOutcome::sendLagNanos).max().orElse(0) / 1e6;
        int failedAudits = (int) runs.keySet().stream().filter(v -> "fail".equals(auditOutcomes.get(v))).count();
        double perRun = runs.isEmpty() ? 0 : runs.values().stream().mapToInt(List::size).sum() / (double) runs.size();
        return new RateResult(rate.perSecond(), rate.seconds(), outcomes.size(), accepted, outcomes.size() - accepted,
                refusals, failures, audited, receipted, failed, outcomes.size() - receipted, duplicates,
                LatencySummary.of(toAudited), LatencySummary.of(toReceipt), LatencySummary.of(toAnswer), throughput, (lastSend - first) / 1e9,
                maxLagMs, span, runs.size(), failedAudits, perRun);
    }
}
