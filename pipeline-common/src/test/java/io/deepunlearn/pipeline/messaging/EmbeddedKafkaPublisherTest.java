package io.deepunlearn.pipeline.messaging;

import io.deepunlearn.infra.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** Against the in-process KRaft broker. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedKafkaPublisherTest extends EventPublisherContract {

    private EmbeddedKafka kafka;

    @BeforeAll
    void start() {
        kafka = EmbeddedKafka.startTemporary();
    }

    @AfterAll
    void stop() {
        kafka.close();
    }

    @Override
    String bootstrap() {
        return kafka.bootstrapServers();
    }
}
