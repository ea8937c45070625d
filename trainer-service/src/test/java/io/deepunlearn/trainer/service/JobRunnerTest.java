package io.deepunlearn.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobRunnerTest {

    @Test
    void aRetrainQueuedBehindShadowsRunsNextAndEachRankKeepsItsArrivalOrder() throws Exception {
        JobRunner runner = new JobRunner("test-runner");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> order = new CopyOnWriteArrayList<>();
        runner.submit(TrainingService.rank(TrainingService.SHADOW), () -> {
            running.countDown();
            await(release);
            order.add("shadow-0");
        });
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        for (int k = 1; k <= 3; k++) {
            String name = "shadow-" + k;
            runner.submit(TrainingService.rank(TrainingService.SHADOW), () -> order.add(name));
        }
        runner.submit(TrainingService.rank(TrainingService.ORIGINAL), () -> order.add("original"));
        runner.submit(TrainingService.rank(TrainingService.RETRAIN), () -> order.add("retrain-a"));
        runner.submit(TrainingService.rank(TrainingService.RETRAIN), () -> order.add("retrain-b"));
        assertThat(runner.waiting()).isEqualTo(6);
        release.countDown();
        assertThat(runner.drain(Duration.ofSeconds(10))).isTrue();
        // the running shadow is not pre-empted; then retrains (in arrival order), the original, the other shadows
        assertThat(order).containsExactly("shadow-0", "retrain-a", "retrain-b", "original", "shadow-1", "shadow-2",
                "shadow-3");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
