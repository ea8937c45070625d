package io.deepunlearn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The auditor's verdict and U-LiRA settings ({@code deepunlearn.audit.*} in auditor-service's
 * application.properties) as a deployment sets them: environment variables (MicroProfile Config's mapping, e.g.
 * {@code deepunlearn.audit.ulira.rebuild-min-tombstones} = {@code DEEPUNLEARN_AUDIT_ULIRA_REBUILD_MIN_TOMBSTONES}). A
 * misspelt variable would be ignored silently by the service, so the deployments must name exactly these.
 */
final class AuditSettings {

    static final String ENV_PREFIX = "DEEPUNLEARN_AUDIT_";
    /** InconclusivePolicy's values (auditor-service). */
    static final Set<String> INCONCLUSIVE_POLICIES = Set.of("release", "retrain");

    private AuditSettings() {}

    /** Environment variable to the application.properties default, for every {@code deepunlearn.audit.*} key. */
    static Map<String, String> defaults() {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Repo.path("auditor-service/src/main/resources/application.properties"))) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("deepunlearn.audit."))
                .forEach(k -> out.put(env(k), p.getProperty(k).trim()));
        return out;
    }

    static String env(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The deployed value is of the default's kind and in its range. */
    static void assertValid(String env, String value, String defaultValue) {
        String what = env + "=" + value;
        if (defaultValue.startsWith("P")) {
            assertThat(Duration.parse(value).isNegative()).as(what).isFalse();
        } else if (defaultValue.matches("\\d+")) {
            assertThat(Integer.parseInt(value)).as(what).isNotNegative();
        } else if (defaultValue.matches("\\d*\\.\\d+")) {
            assertThat(Double.parseDouble(value)).as(what).isBetween(0.0, 1.0);
        } else {
            assertThat(INCONCLUSIVE_POLICIES).as(what).contains(value);
        }
    }

    /** {@code deployed} (the auditor's DEEPUNLEARN_AUDIT_* variables) names exactly the auditor's keys, validly. */
    static void assertDeployed(String where, Map<String, String> deployed) {
        Map<String, String> defaults = defaults();
        assertThat(defaults).as("audit keys in auditor-service's application.properties").hasSizeGreaterThanOrEqualTo(11);
        assertThat(deployed.keySet()).as(where + ": the auditor's " + ENV_PREFIX + "* variables")
                .containsExactlyInAnyOrderElementsOf(defaults.keySet());
        deployed.forEach((k, v) -> assertValid(k, v, defaults.get(k)));
    }
}
