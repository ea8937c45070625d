package io.deepunlearn.trainer.service;

import java.time.Duration;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trainer's single runner thread (one DJL gradient collector per JVM) with a priority queue: the waiting job of
 * the most urgent rank runs next, first come first served within a rank. The trainer ranks exact retrains first (a
 * request waits on each, under its due date) and U-LiRA shadow models last (statistics for later audits), so a
 * retrain never waits behind a generation of K shadows. The job in progress is never pre-empted.
 */
public final class JobRunner {

    private final ThreadPoolExecutor executor;
    private final AtomicLong arrival = new AtomicLong();

    public JobRunner(String threadName) {
        executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(),
                r -> new Thread(r, threadName));
    }

    /** Queues {@code task} with {@code rank} (lower runs first). */
    public void submit(int rank, Runnable task) {
        executor.execute(new Ranked(rank, arrival.getAndIncrement(), task));
    }

    /** Jobs waiting (not the one running). */
    public int waiting() {
        return executor.getQueue().size();
    }

    /** No new jobs; waits up to {@code grace} for the queued and running ones. */
    public boolean drain(Duration grace) {
        executor.shutdown();
        try {
            return executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private record Ranked(int rank, long arrival, Runnable task) implements Runnable, Comparable<Ranked> {

        @Override
        public void run() {
            task.run();
        }

        @Override
        public int compareTo(Ranked other) {
            return rank != other.rank ? Integer.compare(rank, other.rank) : Long.compare(arrival, other.arrival);
        }
    }
}
