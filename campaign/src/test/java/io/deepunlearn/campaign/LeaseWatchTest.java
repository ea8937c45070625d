package io.deepunlearn.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Expiry is judged on the watcher's own clock, from the moment it first sees a token, never from timestamps. */
class LeaseWatchTest {

    @Test
    void aTokenExpiresOnlyAfterBeingSeenUnchangedForTheTtl() {
        AtomicLong now = new AtomicLong(1_000);
        LeaseWatch watch = new LeaseWatch(Duration.ofNanos(100), now::get);
        assertThat(watch.expired("c", "0:a")).as("first sight").isFalse();
        now.addAndGet(99);
        assertThat(watch.expired("c", "0:a")).isFalse();
        now.addAndGet(1);
        assertThat(watch.expired("c", "0:a")).isTrue();
        assertThat(watch.expired("c", "0:b")).as("a new beat restarts the clock").isFalse();
        now.addAndGet(100);
        assertThat(watch.expired("c", "0:b")).isTrue();
        assertThat(watch.expired("c", "1:b")).as("a new attempt restarts the clock").isFalse();
        assertThat(watch.expired("other", "0:b")).as("per cell").isFalse();
    }
}
