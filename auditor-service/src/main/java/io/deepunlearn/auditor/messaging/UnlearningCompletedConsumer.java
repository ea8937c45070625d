package io.deepunlearn.auditor.messaging;

import io.deepunlearn.auditor.service.AuditService;
import io.deepunlearn.pipeline.event.UnlearningCompleted;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.InvalidEventException;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Kafka adapter of the auditor (group {@code auditor-service}): parse, queue the audit on the audit runner,
 * acknowledge. Unreadable records go to {@code <topic>.dlq}. Audits are idempotent (receipts are write-once).
 */
@ApplicationScoped
public class UnlearningCompletedConsumer {

    private static final Logger LOG = Logger.getLogger(UnlearningCompletedConsumer.class);

    @Inject
    AuditService audits;
    @Inject
    EventPublisher publisher;
    @Inject
    @Named("audit-runner")
    ExecutorService runner;

    @Incoming("unlearning-completed")
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        UnlearningCompleted event;
        try {
            event = EventCodec.decode(record.value(), UnlearningCompleted.class, UnlearningCompleted.SCHEMA_VERSION);
        } catch (InvalidEventException e) {
            publisher.deadLetter(record.topic(), record.key(), record.value(), record.headers(), e.getMessage());
            return;
        }
        runner.submit(() -> {
            try {
                audits.audit(event);
            } catch (RuntimeException ex) {
                LOG.errorf(ex, "audit of %s@%s failed", event.modelId(), event.result().version());
                publisher.deadLetter(record.topic(), record.key(), record.value(), record.headers(),
                        "audit failed: " + ex.getMessage());
            }
        });
    }
}
