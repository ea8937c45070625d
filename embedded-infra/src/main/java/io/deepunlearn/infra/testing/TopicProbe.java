package io.deepunlearn.infra.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test helpers on a real broker: send raw records and wait for records on a topic. */
public final class TopicProbe {

    private TopicProbe() {
    }

    public static void send(String bootstrap, String topic, String key, byte[] value) {
        send(plain(bootstrap), topic, key, value);
    }

    /** As {@link #send(String, String, String, byte[])} with full client properties (a secured broker's user). */
    public static void send(Map<String, Object> client, String topic, String key, byte[] value) {
        sendAll(client, topic, key, java.util.Collections.singletonList(value)); // a null value too (a tombstone)
    }

    /** Sends several records with one producer, back to back (they usually reach a consumer in one poll). */
    public static void sendAll(String bootstrap, String topic, String key, List<byte[]> values) {
        sendAll(plain(bootstrap), topic, key, values);
    }

    /** As {@link #sendAll(String, String, String, List)} with full client properties. */
    public static void sendAll(Map<String, Object> client, String topic, String key, List<byte[]> values) {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(client, new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                p.send(new ProducerRecord<>(topic, key, value));
            }
            p.flush();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send to " + topic, e);
        }
    }

    /** Reads {@code topic} from the beginning until a record matches or {@code timeout} passes; returns all read. */
    public static List<ConsumerRecord<String, byte[]>> readUntil(String bootstrap, String topic,
            Predicate<ConsumerRecord<String, byte[]>> until, Duration timeout) {
        return readUntil(plain(bootstrap), topic, until, timeout);
    }

    /** As {@link #readUntil(String, String, Predicate, Duration)} with full client properties. */
    public static List<ConsumerRecord<String, byte[]>> readUntil(Map<String, Object> client, String topic,
            Predicate<ConsumerRecord<String, byte[]>> until, Duration timeout) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        Map<String, Object> config = new HashMap<>(client);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    out.add(r);
                    if (until.test(r)) {
                        return out;
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, Object> plain(String bootstrap) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    }
}
