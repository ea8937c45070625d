package io.deepunlearn.pipeline.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic's dead letters ({@code <topic>.dlq}) and re-publishes selected ones to the topic they were consumed
 * from, after the cause was fixed (a model published late, a bug fixed in a consumer): same key, value and headers,
 * without the {@code dead-letter-*} headers, plus {@value #REPLAYED_FROM} naming the dead letter.
 *
 * <p>Replaying is safe to repeat: every consumer is idempotent on the record's identity (request id, job id,
 * completion's request ids), so a record replayed twice has one effect; a record that is still invalid is
 * dead-lettered again with its (new) reason. Reading uses no consumer group and commits nothing: the dead-letter
 * topic is an audit trail, never consumed away.
 */
public final class DeadLetterReplay implements AutoCloseable {

    public static final String REPLAYED_FROM = "dead-letter-replayed-from";
    static final String HEADER_PREFIX = "dead-letter-";
    private final String bootstrapServers;
    private final Duration timeout;
    private final Map<String, Object> client;
    private final EventPublisher publisher;

    public DeadLetterReplay(String bootstrapServers, Duration timeout) {
        this(bootstrapServers, timeout, Map.of());
    }

    /**
     * @param client further client properties for both the reader and the re-publisher: on a secured broker the
     *               operator's credentials ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}), a principal
     *               that may read the dead-letter topics and write the original ones (an admin)
     */
    public DeadLetterReplay(String bootstrapServers, Duration timeout, Map<String, Object> client) {
        this.bootstrapServers = bootstrapServers;
        this.timeout = timeout;
        this.client = Map.copyOf(client);
        this.publisher = new EventPublisher(bootstrapServers, "deepunlearn-dlq-replay", timeout,
                io.deepunlearn.pipeline.tracing.Tracing.noop(), this.client);
    }

    /** {@code topic} or {@code topic.dlq} → the original topic's name. */
    public static String originalTopic(String topic) {
        return topic.endsWith(Topics.DLQ_SUFFIX) ? topic.substring(0, topic.length() - Topics.DLQ_SUFFIX.length()) : topic;
    }

    /** Every dead letter of {@code topic} present now, in partition and offset order (empty when it has none). */
    public List<DeadLetter> read(String topic) {
        String dlq = Topics.deadLetter(originalTopic(topic));
        Map<String, Object> config = new HashMap<>(client);
        config.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "deepunlearn-dlq-reader",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis()));
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(dlq, timeout);
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(dlq, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
            List<DeadLetter> out = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!end.isEmpty()) {
                end.entrySet().removeIf(e -> consumer.position(e.getKey(), timeout) >= e.getValue());
                if (end.isEmpty()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new PublishException("timed out reading " + dlq + " to its end", null);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(of(r));
                }
            }
            out.sort(Comparator.comparingInt(DeadLetter::partition).thenComparingLong(DeadLetter::offset));
            return out;
        }
    }

    private static DeadLetter of(ConsumerRecord<String, byte[]> r) {
        String original = CloudEvents.get(r.headers(), "dead-letter-topic").orElse(originalTopic(r.topic()));
        return new DeadLetter(r.topic(), r.partition(), r.offset(), original,
                CloudEvents.get(r.headers(), RecordGuard.DEAD_LETTER_ORIGIN).orElse(null),
                CloudEvents.get(r.headers(), CloudEvents.DEAD_LETTER_REASON).orElse(null), r.key(), r.value(), r.headers());
    }

    /** Re-publishes each dead letter to its original topic (acks=all, in order); returns how many were sent. */
    public int replay(List<DeadLetter> selected) {
        for (DeadLetter d : selected) {
            Headers headers = new RecordHeaders();
            for (Header h : d.headers()) {
                if (!h.key().startsWith(HEADER_PREFIX)) {
                    headers.add(h);
                }
            }
            CloudEvents.put(headers, REPLAYED_FROM, d.dlqTopic() + "-" + d.partition() + "@" + d.offset());
            publisher.republish(d.originalTopic(), d.key(), d.value(), headers);
        }
        return selected.size();
    }

    @Override
    public void close() {
        publisher.close();
    }
}
