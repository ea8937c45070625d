package io.deepunlearn.localstack.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OpenLoopSenderTest {

    @Test
    void sendsAtTheScheduledTimesWithoutWaitingForAnswers() {
        // answers never come: an open-loop sender must still keep its schedule
        OpenLoopSender sender = new OpenLoopSender(subject -> new CompletableFuture<>());
        OfferedRate rate = new OfferedRate(50, 0.4);
        List<String> subjects = IntStream.range(0, rate.requests()).mapToObj(i -> "s" + i).toList();
        long start = System.nanoTime();
        List<OpenLoopSender.Pending> sent = sender.offer(rate, subjects);
        double elapsed = (System.nanoTime() - start) / 1e9;
        assertThat(sent).hasSize(20);
        assertThat(sent).extracting(OpenLoopSender.Pending::subject).containsExactlyElementsOf(subjects);
        assertThat(elapsed).isBetween(0.37, 1.5);
        for (int i = 1; i < sent.size(); i++) {
            long sinceFirst = sent.get(i).sentAt() - sent.get(0).sentAt();
            // never early; late only by scheduling jitter (generous bound for a loaded CI machine)
            assertThat(sinceFirst).isGreaterThanOrEqualTo(rate.offsetNanos(i) - 1_000_000);
            assertThat(sent.get(i).lagNanos()).isGreaterThanOrEqualTo(0).isLessThan(500_000_000L);
        }
        assertThat(sent).allMatch(p -> !p.reply().isDone() && !p.answeredAt().isDone());
    }

    @Test
    void aSenderThatThrowsIsRecordedAsAFailedAnswer() {
        OpenLoopSender sender = new OpenLoopSender(subject -> {
            throw new IllegalStateException("connection refused");
        });
        List<OpenLoopSender.Pending> sent = sender.offer(new OfferedRate(100, 0.02), List.of("s0", "s1"));
        assertThat(sent).hasSize(2).allMatch(p -> p.reply().isCompletedExceptionally() && p.answeredAt().isDone());
    }
}
