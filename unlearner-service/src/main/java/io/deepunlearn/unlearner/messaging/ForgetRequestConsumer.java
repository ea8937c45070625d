package io.deepunlearn.unlearner.messaging;

import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.InvalidEventException;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.unlearner.metrics.UnlearnerMetrics;
import io.deepunlearn.unlearner.service.UnlearningWorker;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Kafka adapter of the unlearner workers (group {@code unlearner-workers}): parse, delegate, acknowledge.
 * Unprocessable records go to {@code <topic>.dlq} with the reason; the method returns normally so the offset moves on.
 */
@ApplicationScoped
public class ForgetRequestConsumer {

    private static final Logger LOG = Logger.getLogger(ForgetRequestConsumer.class);

    @Inject
    UnlearningWorker worker;
    @Inject
    EventPublisher publisher;
    @Inject
    Topics topics;
    @Inject
    UnlearnerMetrics metrics;

    void recoverOnStart(@Observes StartupEvent ignored) {
        int n = worker.recover();
        if (n > 0) {
            LOG.infof("re-queued %d unfinished forget request(s)", n);
        }
    }

    @Incoming("forget-requests")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        try {
            worker.accept(EventCodec.decode(record.value(), ForgetRequested.class, ForgetRequested.SCHEMA_VERSION));
        } catch (InvalidEventException e) {
            LOG.warnf("dead-lettering forget request at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            publisher.deadLetter(topics.forgetRequested(), record.key(), record.value(), record.headers(), e.getMessage());
            metrics.request(UnlearnerMetrics.REJECTED);
            metrics.deadLetter(topics.forgetRequested());
        }
    }
}
