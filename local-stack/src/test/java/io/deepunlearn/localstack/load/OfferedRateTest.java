package io.deepunlearn.localstack.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OfferedRateTest {

    @Test
    void requestsAreRateTimesDurationAtFixedIntervals() {
        OfferedRate r = new OfferedRate(10, 3);
        assertThat(r.requests()).isEqualTo(30);
        assertThat(r.offsetNanos(0)).isZero();
        assertThat(r.offsetNanos(1)).isEqualTo(100_000_000L);
        assertThat(r.offsetNanos(29)).isEqualTo(2_900_000_000L);
        assertThat(new OfferedRate(2.5, 1).requests()).isEqualTo(2);
        assertThat(new OfferedRate(0.1, 1).requests()).as("at least one request").isEqualTo(1);
        assertThat(new OfferedRate(100, 0.3).requests()).as("no floating-point loss").isEqualTo(30);
        assertThat(r.label()).isEqualTo("10");
        assertThat(new OfferedRate(2.5, 1).label()).isEqualTo("2.5");
    }

    @Test
    void badRatesAndDurationsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new OfferedRate(-1, 10)).hasMessageContaining("rate must be a positive");
        assertThatThrownBy(() -> new OfferedRate(0, 10)).hasMessageContaining("rate must be a positive");
        assertThatThrownBy(() -> new OfferedRate(Double.NaN, 10)).hasMessageContaining("rate must be a positive");
        assertThatThrownBy(() -> new OfferedRate(1, 0)).hasMessageContaining("duration must be a positive");
        assertThatThrownBy(() -> new OfferedRate(1e9, 10)).hasMessageContaining("more than");
    }
}
