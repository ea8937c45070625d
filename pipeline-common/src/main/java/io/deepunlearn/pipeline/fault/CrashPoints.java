package io.deepunlearn.pipeline.fault;

import java.util.Locale;
import java.util.Optional;

/**
 * A test-only hook for fault injection with real process deaths: when the JVM runs with
 * {@code DEEPUNLEARN_CRASH_AT=<point>} (or {@code -Ddeepunlearn.crash-at=<point>}), reaching that point halts the
 * process at once with exit code 137, as {@code kill -9} would (no shutdown hooks, no flushing, no drain). Unset in
 * every deployment; then each call is one volatile read.
 */
public final class CrashPoints {

    /** The unlearner uploaded a version's data but has not claimed its sequence. */
    public static final String AFTER_UPLOAD = "after-upload";
    /** The unlearner claimed the version but has not recorded UNLEARNED. */
    public static final String AFTER_PUBLISH = "after-publish";
    /** A consumer recorded the request durably but has not acknowledged the Kafka record. */
    public static final String BEFORE_ACK = "before-ack";
    /** The auditor recorded AUDITING and is about to evaluate. */
    public static final String AUDITING = "auditing";
    /** The auditor moved the release pointer but has not written receipts. */
    public static final String AFTER_RELEASE = "after-release";
    /** The trainer recorded a job but has not run it. */
    public static final String JOB_QUEUED = "job-queued";

    private static volatile String armed = read();

    private CrashPoints() {
    }

    private static String read() {
        return Optional.ofNullable(System.getProperty("deepunlearn.crash-at"))
                .or(() -> Optional.ofNullable(System.getenv("DEEPUNLEARN_CRASH_AT")))
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).orElse(null);
    }

    /** Halts the JVM with 137 when {@code point} is the armed crash point. */
    public static void reach(String point) {
        String a = armed;
        if (a != null && a.equals(point)) {
            System.err.println("DEEPUNLEARN_CRASH_AT=" + point + ": halting with 137");
            System.err.flush();
            Runtime.getRuntime().halt(137);
        }
    }

    /** For tests in one JVM: re-reads the property (null disarms). */
    public static void arm(String point) {
        if (point == null) {
            System.clearProperty("deepunlearn.crash-at");
        } else {
            System.setProperty("deepunlearn.crash-at", point);
        }
        armed = read();
    }
}
