package io.deepunlearn.unlearner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class CoalescerTest {

    @Test
    void itemsForOneKeyWithinTheWindowAreHandedOverTogetherAndKeysStaySeparate() throws Exception {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        Map<String, List<List<Integer>>> batches = new ConcurrentHashMap<>();
        Coalescer<Integer> c = new Coalescer<>(Duration.ofMillis(300), timer,
                (k, items) -> batches.computeIfAbsent(k, x -> new CopyOnWriteArrayList<>()).add(items));
        c.submit("m1", 1);
        c.submit("m1", 2);
        c.submit("m2", 3);
        c.submit("m1", 4);
        assertThat(c.waiting()).isEqualTo(4);
        Thread.sleep(700);
        c.submit("m1", 5); // after the window closed: a new batch
        Thread.sleep(700);
        timer.shutdownNow();
        assertThat(batches.get("m1")).containsExactly(List.of(1, 2, 4), List.of(5));
        assertThat(batches.get("m2")).containsExactly(List.of(3));
        assertThat(c.waiting()).isZero();
    }

    @Test
    void rejectsANegativeWindow() {
        assertThatThrownBy(() -> new Coalescer<Integer>(Duration.ofSeconds(-1), null, (k, v) -> { }))
                .hasMessageContaining("must not be negative");
    }
}
