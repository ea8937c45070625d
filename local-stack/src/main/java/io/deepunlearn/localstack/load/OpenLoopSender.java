package io.deepunlearn.localstack.load;

import io.deepunlearn.localstack.PipelineClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Issues one request per subject at the fixed times of an {@link OfferedRate}, asynchronously: the schedule never
 * waits for an answer, so a slow intake cannot lower the offered rate. Each send records the harness clock just
 * before the request leaves and how late it left against its schedule.
 */
public final class OpenLoopSender {

    /** A request on its way: what was sent when, the intake's answer to come and when it came. */
    public record Pending(int index, String subject, long sentAt, long lagNanos,
                          CompletableFuture<PipelineClient.Reply> reply, CompletableFuture<Long> answeredAt) {
    }

    private final Function<String, CompletableFuture<PipelineClient.Reply>> send;

    /** {@code send} must return at once (an asynchronous HTTP call); a thrown exception counts as a refusal. */
    public OpenLoopSender(Function<String, CompletableFuture<PipelineClient.Reply>> send) {
        this.send = send;
    }

    /** Sends {@code subjects.size()} requests (one per subject) at {@code rate}'s times; returns when all left. */
    public List<Pending> offer(OfferedRate rate, List<String> subjects) {
        List<Pending> out = new ArrayList<>(subjects.size());
        long origin = System.nanoTime();
        for (int i = 0; i < subjects.size(); i++) {
            long due = origin + rate.offsetNanos(i);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long now = System.nanoTime();
            CompletableFuture<PipelineClient.Reply> reply;
            try {
                reply = send.apply(subjects.get(i));
            } catch (RuntimeException e) {
                reply = CompletableFuture.failedFuture(e);
            }
            out.add(new Pending(i, subjects.get(i), now, now - due, reply, reply.handle((r, e) -> System.nanoTime())));
        }
        return out;
    }
}
