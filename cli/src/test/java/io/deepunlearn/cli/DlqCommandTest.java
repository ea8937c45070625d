package io.deepunlearn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.infra.EmbeddedKafka;
import io.deepunlearn.infra.testing.TopicProbe;
import io.deepunlearn.pipeline.messaging.CloudEvents;
import io.deepunlearn.pipeline.messaging.DeadLetterReplay;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.InvalidEventException;
import io.deepunlearn.pipeline.messaging.RecordGuard;
import io.deepunlearn.pipeline.messaging.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code deepunlearn dlq list|replay} against a real (embedded) broker. The dead letters are made by the real
 * {@link RecordGuard} from records consumed off the topic, as a service makes them; the test then lists them and
 * replays selections, and reads the original topic back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DlqCommandTest {

    static final String TOPIC = Topics.defaults().forgetRequested();
    static final byte[] GARBAGE = {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF, 0x7B};
    static EmbeddedKafka kafka;

    /** The records sent to the topic, in order, and the reason each is refused with. */
    static final List<String> KEYS = List.of("m-1", "m-late", "m-late", "m-2");
    static final List<byte[]> VALUES = List.of("{oops".getBytes(StandardCharsets.UTF_8),
            "{\"requestId\":\"fr-late-1\"}".getBytes(StandardCharsets.UTF_8),
            "{\"requestId\":\"fr-late-2\"}".getBytes(StandardCharsets.UTF_8), GARBAGE);
    static final List<String> REASONS = List.of("malformed ForgetRequested JSON: Unexpected character",
            "unknown model m-late", "unknown model m-late", "malformed ForgetRequested JSON: Invalid UTF-8");

    @BeforeAll
    static void deadLetters() throws Exception {
        kafka = EmbeddedKafka.startTemporary();
        kafka.createTopics(Map.of(TOPIC, 1, Topics.deadLetter(TOPIC), 1), Set.of());
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap()),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < KEYS.size(); i++) {
                RecordHeaders h = new RecordHeaders();
                CloudEvents.put(h, CloudEvents.ID, "ce-" + i);
                p.send(new ProducerRecord<>(TOPIC, null, KEYS.get(i), VALUES.get(i), h)).get();
            }
        }
        List<ConsumerRecord<String, byte[]>> consumed = readAll(TOPIC, KEYS.size());
        try (EventPublisher publisher = new EventPublisher(bootstrap(), "dlq-test")) {
            RecordGuard guard = new RecordGuard(publisher);
            for (int i = 0; i < consumed.size(); i++) {
                String reason = REASONS.get(i);
                assertThat(guard.handle(consumed.get(i), TOPIC, () -> {
                    throw new InvalidEventException(reason);
                })).isFalse();
            }
        }
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    static String bootstrap() {
        return kafka.bootstrapServers();
    }

    static List<ConsumerRecord<String, byte[]>> readAll(String topic, int atLeast) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlq-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            // anything beyond what was expected would show up within a few more polls
            for (int i = 0; i < 5; i++) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    static CliRunner dlq(String... args) {
        List<String> all = new ArrayList<>(List.of("dlq"));
        all.addAll(Arrays.asList(args));
        all.add("--bootstrap-servers=" + bootstrap());
        return CliRunner.run(all.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void listsEachDeadLetterWithItsOriginAndReason() {
        CliRunner r = dlq("list", "--topic", TOPIC);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("4 dead letter(s) in " + TOPIC + ".dlq")
                .contains(TOPIC + ".dlq-0@1  key=m-late  from=" + TOPIC + "-0@1  reason: unknown model m-late")
                .contains("reason: malformed ForgetRequested JSON: Invalid UTF-8").contains("{\"requestId\":\"fr-late-2\"}");

        CliRunner summary = dlq("list");
        assertThat(summary.exitCode()).isZero();
        assertThat(summary.out()).contains(TOPIC + ".dlq: 4").containsPattern("\\s2  unknown model m-late")
                .contains(Topics.defaults().unlearningCompleted() + ".dlq: 0");
    }

    @Test
    @Order(2)
    void aSelectionMustBeExplicitAndWellFormed() {
        assertThat(dlq("replay", "--topic", TOPIC).err()).contains("choose the dead letters");
        assertThat(dlq("replay", "--topic", TOPIC).exitCode()).isEqualTo(2);
        assertThat(dlq("replay", "--topic", TOPIC, "--all", "--reason", "x").exitCode()).isEqualTo(2);
        assertThat(dlq("replay", "--topic", TOPIC, "--offsets", "5-3").err()).contains("offset range 5-3 is empty");
        assertThat(dlq("replay", "--topic", TOPIC, "--offsets", "a-b").err()).contains("--offsets takes FROM-TO");
        assertThat(dlq("replay", "--topic", TOPIC, "--reason", " ").exitCode()).isEqualTo(2);
        assertThat(dlq("replay", "--topic", TOPIC, "--all", "--timeout", "10s").err()).contains("not an ISO-8601 duration");
        assertThat(readAll(TOPIC, KEYS.size())).hasSize(KEYS.size()); // nothing was sent
    }

    @Test
    @Order(3)
    void aDryRunSendsNothing() {
        CliRunner r = dlq("replay", "--topic", TOPIC, "--reason", "unknown model", "--dry-run");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("would replay 2 dead letter(s)");
        assertThat(readAll(TOPIC, KEYS.size())).hasSize(KEYS.size());
    }

    @Test
    @Order(4)
    void replaysTheSelectionToTheOriginalTopicAsItWasWithoutTheDeadLetterHeaders() {
        CliRunner byReason = dlq("replay", "--topic", TOPIC, "--reason", "UNKNOWN MODEL");
        assertThat(byReason.exitCode()).as(byReason.err()).isZero();
        assertThat(byReason.out()).contains("replayed 2 dead letter(s) of " + TOPIC + ".dlq to " + TOPIC);
        CliRunner byOffset = dlq("replay", "--topic", TOPIC + ".dlq", "--offsets", "3");
        assertThat(byOffset.out()).contains("replayed 1 dead letter(s)");

        List<ConsumerRecord<String, byte[]>> all = readAll(TOPIC, KEYS.size() + 3);
        assertThat(all).hasSize(KEYS.size() + 3);
        List<ConsumerRecord<String, byte[]>> replayed = all.subList(KEYS.size(), all.size());
        int[] source = {1, 2, 3};
        for (int i = 0; i < source.length; i++) {
            ConsumerRecord<String, byte[]> r = replayed.get(i);
            assertThat(r.key()).isEqualTo(KEYS.get(source[i]));
            assertThat(r.value()).isEqualTo(VALUES.get(source[i]));
            assertThat(CloudEvents.get(r.headers(), CloudEvents.ID)).contains("ce-" + source[i]);
            assertThat(CloudEvents.get(r.headers(), CloudEvents.DEAD_LETTER_REASON)).isEmpty();
            assertThat(CloudEvents.get(r.headers(), RecordGuard.DEAD_LETTER_ORIGIN)).isEmpty();
            assertThat(CloudEvents.get(r.headers(), DeadLetterReplay.REPLAYED_FROM)).contains(TOPIC + ".dlq-0@" + source[i]);
        }
        // the dead letters stay: the dead-letter topic is an audit trail, not consumed away
        assertThat(dlq("list", "--topic", TOPIC).out()).contains("4 dead letter(s)");
    }
}
