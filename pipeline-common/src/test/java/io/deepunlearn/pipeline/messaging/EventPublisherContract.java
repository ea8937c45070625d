package io.deepunlearn.pipeline.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.infra.testing.TopicProbe;
import io.deepunlearn.pipeline.event.EventType;
import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.event.SampleEvents;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Publishing against a real broker: key, CloudEvents headers, payload, dead letters with the reason. */
abstract class EventPublisherContract {

    abstract String bootstrap();

    @Test
    void publishesKeyedCloudEventsAndDeadLettersWithTheReason() {
        ForgetRequested event = (ForgetRequested) SampleEvents.all().get(EventType.FORGET_REQUESTED);
        try (EventPublisher publisher = new EventPublisher(bootstrap(), "test-source")) {
            publisher.publish("it.forget", event, "id-1");
            publisher.deadLetter("it.forget", "m1", "garbage".getBytes(), null, "malformed: test");
        }
        ConsumerRecord<String, byte[]> r = TopicProbe.readUntil(bootstrap(), "it.forget", x -> true, Duration.ofSeconds(30)).get(0);
        assertThat(r.key()).isEqualTo("m1");
        assertThat(CloudEvents.get(r.headers(), CloudEvents.ID)).contains("id-1");
        assertThat(CloudEvents.get(r.headers(), CloudEvents.TYPE)).contains("io.deepunlearn.forget-requested.v1");
        assertThat(CloudEvents.get(r.headers(), CloudEvents.SOURCE)).contains("test-source");
        assertThat(CloudEvents.get(r.headers(), CloudEvents.SPEC_VERSION)).contains("1.0");
        assertThat(CloudEvents.get(r.headers(), CloudEvents.DATA_SCHEMA)).contains("schemas/forget-requested.v1.json");
        assertThat(EventCodec.decode(r.value(), ForgetRequested.class, 1)).isEqualTo(event);

        ConsumerRecord<String, byte[]> dead = TopicProbe.readUntil(bootstrap(), "it.forget.dlq", x -> true,
                Duration.ofSeconds(30)).get(0);
        assertThat(CloudEvents.get(dead.headers(), CloudEvents.DEAD_LETTER_REASON)).contains("malformed: test");
        assertThat(new String(dead.value())).isEqualTo("garbage");
    }
}
