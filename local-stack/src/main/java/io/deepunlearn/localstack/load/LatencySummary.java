package io.deepunlearn.localstack.load;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Percentiles of a set of latencies in seconds; null fields when there is no sample. Estimation R-7 (linear
 * interpolation between order statistics, the default of NumPy and R), so figures compare with other tools.
 */
public record LatencySummary(int count, Double p50, Double p95, Double p99, Double max) {

    public static LatencySummary of(double[] seconds) {
        if (seconds.length == 0) {
            return new LatencySummary(0, null, null, null, null);
        }
        Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        p.setData(seconds.clone());
        return new LatencySummary(seconds.length, p.evaluate(50), p.evaluate(95), p.evaluate(99),
                Arrays.stream(seconds).max().orElseThrow());
    }
}
