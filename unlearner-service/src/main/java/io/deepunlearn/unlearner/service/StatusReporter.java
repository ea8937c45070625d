package io.deepunlearn.unlearner.service;

import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.RequestStatusChanged;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import java.time.Instant;

/** Publishes a request's status change to the compacted status topic (key = request id) and shows it at once. */
public class StatusReporter {

    private final EventPublisher publisher;
    private final String topic;
    private final StatusBoard board;

    public StatusReporter(EventPublisher publisher, String topic, StatusBoard board) {
        this.publisher = publisher;
        this.topic = topic;
        this.board = board;
    }

    public void report(String requestId, String modelId, RequestStatus status, String reason, String version) {
        RequestStatusChanged e = new RequestStatusChanged(RequestStatusChanged.SCHEMA_VERSION, requestId, modelId,
                status, reason, version, Instant.now());
        board.apply(e);
        publisher.publish(topic, requestId, e, null);
    }
}
