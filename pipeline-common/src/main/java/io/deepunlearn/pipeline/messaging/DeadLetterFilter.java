package io.deepunlearn.pipeline.messaging;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * Which dead letters to replay: an offset range (inclusive, optionally of one partition of the dead-letter topic)
 * and/or a reason that contains some text (case-insensitive). Each null part matches everything; {@link #all()}
 * matches every record, and must be asked for explicitly (replaying everything is never a default).
 */
public record DeadLetterFilter(Integer partition, Long fromOffset, Long toOffset, String reasonContains)
        implements Predicate<DeadLetter> {

    public DeadLetterFilter {
        if (fromOffset != null && toOffset != null && fromOffset > toOffset) {
            throw new IllegalArgumentException("offset range " + fromOffset + "-" + toOffset + " is empty");
        }
        if (reasonContains != null && reasonContains.isBlank()) {
            throw new IllegalArgumentException("reason filter is blank");
        }
    }

    public static DeadLetterFilter all() {
        return new DeadLetterFilter(null, null, null, null);
    }

    @Override
    public boolean test(DeadLetter d) {
        return (partition == null || d.partition() == partition)
                && (fromOffset == null || d.offset() >= fromOffset)
                && (toOffset == null || d.offset() <= toOffset)
                && (reasonContains == null || (d.reason() != null
                        && d.reason().toLowerCase(Locale.ROOT).contains(reasonContains.toLowerCase(Locale.ROOT))));
    }
}
