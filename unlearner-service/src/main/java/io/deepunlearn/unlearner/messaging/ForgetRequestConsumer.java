package io.deepunlearn.unlearner.messaging;

import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.fault.CrashPoints;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.RecordGuard;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.unlearner.metrics.UnlearnerMetrics;
import io.deepunlearn.unlearner.service.UnlearningWorker;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Kafka adapter of the unlearner workers (group {@code unlearner-workers}): parse, record durably, then acknowledge
 * (the method returns). {@link RecordGuard} makes it never stop: invalid records go to {@code <topic>.dlq} with the
 * reason, transient failures are retried with backoff and never dead-lettered.
 */
@ApplicationScoped
public class ForgetRequestConsumer {

    @Inject
    UnlearningWorker worker;
    @Inject
    RecordGuard guard;
    @Inject
    Topics topics;
    @Inject
    UnlearnerMetrics metrics;

    @Incoming("forget-requests")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        boolean handled = guard.handle(record, topics.forgetRequested(), () -> {
            worker.accept(EventCodec.decode(record.value(), ForgetRequested.class, ForgetRequested.SCHEMA_VERSION));
            CrashPoints.reach(CrashPoints.BEFORE_ACK);
        });
        if (!handled) {
            metrics.request(UnlearnerMetrics.REJECTED);
            metrics.deadLetter(topics.forgetRequested());
        }
    }
}
