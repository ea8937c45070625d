package io.deepunlearn.cli.stack;

import io.deepunlearn.localstack.PipelineClient;
import io.deepunlearn.localstack.ServiceProcess;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends forget requests as a real client would under faults: a request that is refused (503, 5xx) or unanswered (the
 * unlearner down, a connection cut by a kill, a timeout) is sent again, the same body, with backoff (1 s doubling to
 * 8 s) until it is answered. The body is the idempotency key: the intake answers a repeat of an accepted erasure
 * {@code 200 duplicate} with the first request's id, so a retry after an answer lost to a kill learns the id of the
 * request the pipeline did accept, and nothing is accepted twice. Each request retries on its own thread.
 */
final class RetryingClient {

    /** What the client saw; {@code ids} are the request ids the pipeline owes a receipt for. */
    record Stats(int sent, int acceptedFirstTry, int acceptedAfterRetry, int duplicates, int rejected, int gaveUp,
                 int attempts) {
        String line() {
            return String.format("requests sent=%d accepted first try=%d after retries=%d duplicate answers=%d "
                    + "rejected (4xx)=%d gave up=%d attempts=%d", sent, acceptedFirstTry, acceptedAfterRetry, duplicates,
                    rejected, gaveUp, attempts);
        }
    }

    private final PipelineClient client;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chaos-client");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> ids = new ConcurrentSkipListSet<>();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger firstTry = new AtomicInteger();
    private final AtomicInteger afterRetry = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private final AtomicInteger gaveUp = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile long giveUpAt = Long.MAX_VALUE;

    RetryingClient(PipelineClient client) {
        this.client = client;
    }

    /** Request ids the pipeline accepted (202) or named in a duplicate answer: each must end with one receipt. */
    Set<String> ids() {
        return ids;
    }

    /** Sends {@code body} now and keeps retrying it in the background until it is answered. */
    void submit(Map<String, Object> body) {
        sent.incrementAndGet();
        pool.submit(() -> send(body));
    }

    private void send(Map<String, Object> body) {
        long backoff = 1000;
        for (int attempt = 1; ; attempt++) {
            attempts.incrementAndGet();
            try {
                PipelineClient.Reply r = client.forget(body);
                if (r.status() == 202 || (r.status() == 200 && r.body() != null)) {
                    ids.add(r.body().path("requestId").asText());
                    (r.status() == 200 ? duplicates : attempt == 1 ? firstTry : afterRetry).incrementAndGet();
                    return;
                }
                if (r.status() >= 400 && r.status() < 500) {
                    rejected.incrementAndGet(); // the request itself is wrong: retrying cannot help
                    return;
                }
            } catch (RuntimeException e) {
                // unanswered: connection refused or cut, timeout; retried like a 503
            }
            if (System.currentTimeMillis() > giveUpAt) {
                gaveUp.incrementAndGet();
                return;
            }
            ServiceProcess.sleep(backoff);
            backoff = Math.min(backoff * 2, 8000);
        }
    }

    /** Waits until every request was answered, retrying for at most {@code patience} more; returns what it saw. */
    Stats finish(Duration patience) throws InterruptedException {
        giveUpAt = System.currentTimeMillis() + patience.toMillis();
        pool.shutdown();
        pool.awaitTermination(patience.toMillis() + 120_000, TimeUnit.MILLISECONDS);
        return new Stats(sent.get(), firstTry.get(), afterRetry.get(), duplicates.get(), rejected.get(), gaveUp.get(),
                attempts.get());
    }
}
