package io.deepunlearn.unlearner.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ModelBacklogTest {

    @Test
    void batchesThatArriveWhileTheRunnerIsBusyBecomeOneRunPerModel() throws Exception {
        ModelBacklog<Integer> backlog = new ModelBacklog<>();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        List<List<Integer>> runs = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch busy = new CountDownLatch(1);
        // the runner is busy with another model's run while three windows of m1 close
        runner.submit(() -> busy.await(5, TimeUnit.SECONDS));
        List<Boolean> scheduled = new ArrayList<>();
        for (List<Integer> batch : List.of(List.of(1, 2), List.of(3), List.of(4, 5))) {
            boolean first = backlog.add("m1", batch);
            scheduled.add(first);
            if (first) {
                runner.submit(() -> runs.add(backlog.take("m1")));
            }
        }
        assertThat(scheduled).containsExactly(true, false, false);
        assertThat(backlog.size()).isEqualTo(5);
        busy.countDown();
        runner.shutdown();
        assertThat(runner.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).containsExactly(List.of(1, 2, 3, 4, 5));
        assertThat(backlog.size()).isZero();
    }

    @Test
    void aBatchAfterTheTakeStartsANewRunAndModelsStaySeparate() {
        ModelBacklog<String> backlog = new ModelBacklog<>();
        assertThat(backlog.add("m1", List.of("a"))).isTrue();
        assertThat(backlog.add("m2", List.of("b"))).isTrue();
        assertThat(backlog.take("m1")).containsExactly("a");
        assertThat(backlog.add("m1", List.of("c"))).isTrue();
        assertThat(backlog.take("m1")).containsExactly("c");
        assertThat(backlog.take("m1")).isEmpty();
        assertThat(backlog.take("m2")).containsExactly("b");
    }
}
