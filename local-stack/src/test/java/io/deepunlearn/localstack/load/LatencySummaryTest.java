package io.deepunlearn.localstack.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void percentilesInterpolateLikeNumpy() {
        // numpy.percentile(range(1, 101), [50, 95, 99]) == [50.5, 95.05, 99.01]
        LatencySummary s = LatencySummary.of(IntStream.rangeClosed(1, 100).mapToDouble(i -> i).toArray());
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50()).isCloseTo(50.5, within(1e-9));
        assertThat(s.p95()).isCloseTo(95.05, within(1e-9));
        assertThat(s.p99()).isCloseTo(99.01, within(1e-9));
        assertThat(s.max()).isEqualTo(100.0);
        LatencySummary one = LatencySummary.of(new double[] {7.5});
        assertThat(one.p50()).isEqualTo(7.5);
        assertThat(one.p99()).isEqualTo(7.5);
    }

    @Test
    void nothingMeasuredGivesNulls() {
        LatencySummary s = LatencySummary.of(new double[0]);
        assertThat(s.count()).isZero();
        assertThat(s.p50()).isNull();
        assertThat(s.max()).isNull();
    }
}
