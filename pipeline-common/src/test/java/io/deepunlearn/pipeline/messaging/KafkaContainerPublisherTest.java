package io.deepunlearn.pipeline.messaging;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/** Against the apache/kafka image (same version as the clients); skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerPublisherTest extends EventPublisherContract {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.2");

    @Override
    String bootstrap() {
        return KAFKA.getBootstrapServers();
    }
}
