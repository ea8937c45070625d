package io.deepunlearn.pipeline.messaging;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * One record read back from a dead-letter topic: where it sits there ({@code dlqTopic}, {@code partition},
 * {@code offset}), the topic it was consumed from, the reason it was refused, and the record as it arrived.
 */
public record DeadLetter(String dlqTopic, int partition, long offset, String originalTopic, String origin, String reason,
                         String key, byte[] value, Headers headers) {

    /** The payload as text, cut to {@code max} characters (for listings; binary garbage shows as replacement chars). */
    public String preview(int max) {
        if (value == null) {
            return "<null>";
        }
        String s = new String(value, StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
