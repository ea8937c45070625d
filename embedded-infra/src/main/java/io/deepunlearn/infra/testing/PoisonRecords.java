package io.deepunlearn.infra.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Hostile records for the poison-record tests every consumer of every topic has: the kinds that do not depend on the
 * topic (a null value, bytes that are not JSON, a record over the consumer's size limit), each sent with its own key,
 * and a way to read back the reason each was dead-lettered with ({@code <topic>.dlq}, header
 * {@code dead-letter-reason}). Topic-specific kinds (null ids, foreign dataset, unknown model) are built by each test.
 */
public final class PoisonRecords {

    public static final String NULL_VALUE = "poison-null-value";
    public static final String GARBAGE = "poison-garbage";
    public static final String OVERSIZE = "poison-oversize";
    /** Invalid UTF-8, a NUL and half a JSON object. */
    public static final byte[] GARBAGE_BYTES = {(byte) 0xC3, 0x28, 0x00, (byte) 0xFF, 0x7B, 0x22};
    /**
     * Above the services' test limit on a parsed record ({@code %test.deepunlearn.kafka.max-record-bytes}, 256 KiB),
     * below the embedded broker's own 1 MiB limit.
     */
    public static final int OVERSIZE_BYTES = 300 * 1024;

    private PoisonRecords() {
    }

    /** Sends the three topic-independent poison records to {@code topic}. */
    public static void sendGeneric(String bootstrap, String topic) {
        TopicProbe.send(bootstrap, topic, NULL_VALUE, null);
        TopicProbe.send(bootstrap, topic, GARBAGE, GARBAGE_BYTES);
        byte[] big = new byte[OVERSIZE_BYTES];
        Arrays.fill(big, (byte) ' ');
        byte[] json = "{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8);
        System.arraycopy(json, 0, big, 0, json.length);
        TopicProbe.send(bootstrap, topic, OVERSIZE, big);
    }

    /** The keys {@link #sendGeneric} uses. */
    public static Set<String> genericKeys() {
        return Set.of(NULL_VALUE, GARBAGE, OVERSIZE);
    }

    /**
     * Reads {@code <topic>.dlq} until a dead letter keyed by each of {@code keys} arrived (or {@code timeout}); returns
     * key → reason of the latest such dead letter.
     */
    public static Map<String, String> awaitReasons(String bootstrap, String topic, Set<String> keys, Duration timeout) {
        Map<String, String> reasons = new HashMap<>();
        List<ConsumerRecord<String, byte[]>> dead = TopicProbe.readUntil(bootstrap, topic + ".dlq", r -> {
            if (r.key() != null && keys.contains(r.key())) {
                Header h = r.headers().lastHeader("dead-letter-reason");
                reasons.put(r.key(), h == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            }
            return reasons.keySet().containsAll(keys);
        }, timeout);
        if (dead.isEmpty() && !keys.isEmpty()) {
            throw new AssertionError("no dead letter in " + topic + ".dlq within " + timeout);
        }
        return reasons;
    }
}
