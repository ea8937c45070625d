package io.deepunlearn.pipeline.lifecycle;

import static io.deepunlearn.pipeline.event.RequestStatus.AUDITING;
import static io.deepunlearn.pipeline.event.RequestStatus.FAILED;
import static io.deepunlearn.pipeline.event.RequestStatus.PUBLISHED;
import static io.deepunlearn.pipeline.event.RequestStatus.RECEIVED;
import static io.deepunlearn.pipeline.event.RequestStatus.RETRAINING;
import static io.deepunlearn.pipeline.event.RequestStatus.UNLEARNED;
import static io.deepunlearn.pipeline.event.RequestStatus.UNLEARNING;
import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.pipeline.event.RequestStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forward-only rule of the request lifecycle. */
class RequestStatusTransitionsTest {

    @Test
    void theHappyPathsMoveForward() {
        for (List<RequestStatus> path : List.of(List.of(RECEIVED, UNLEARNING, UNLEARNED, AUDITING, PUBLISHED),
                List.of(RECEIVED, UNLEARNING, UNLEARNED, AUDITING, RETRAINING, PUBLISHED),
                List.of(RECEIVED, UNLEARNING, UNLEARNED, RETRAINING, PUBLISHED))) {
            for (int i = 1; i < path.size(); i++) {
                assertThat(path.get(i - 1).canMoveTo(path.get(i))).as(path.get(i - 1) + " -> " + path.get(i)).isTrue();
            }
        }
    }

    @Test
    void repeatedAndBackwardMovesAreRefused() {
        for (RequestStatus s : RequestStatus.values()) {
            assertThat(s.canMoveTo(s)).as(s + " -> itself").isFalse();
            for (RequestStatus earlier : RequestStatus.values()) {
                if (earlier.ordinal() < s.ordinal() && earlier != FAILED) {
                    assertThat(s.canMoveTo(earlier)).as(s + " -> " + earlier).isFalse();
                }
            }
        }
        assertThat(AUDITING.canMoveTo(UNLEARNED)).isFalse();
        assertThat(RETRAINING.canMoveTo(AUDITING)).isFalse();
    }

    @Test
    void everyOpenStateCanFailAndNothingLeavesATerminalOne() {
        for (RequestStatus s : RequestStatus.values()) {
            assertThat(s.canMoveTo(FAILED)).as(s + " -> FAILED").isEqualTo(!s.terminal());
            if (s.terminal()) {
                for (RequestStatus t : RequestStatus.values()) {
                    assertThat(s.canMoveTo(t)).as(s + " -> " + t).isFalse();
                }
            }
        }
        assertThat(PUBLISHED.terminal()).isTrue();
        assertThat(FAILED.terminal()).isTrue();
        assertThat(AUDITING.unlearned()).isTrue();
        assertThat(UNLEARNING.unlearned()).isFalse();
    }
}
