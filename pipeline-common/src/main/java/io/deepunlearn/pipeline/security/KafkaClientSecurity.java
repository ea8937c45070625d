package io.deepunlearn.pipeline.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The standard Kafka client security settings ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}) read from
 * the same {@code kafka.*} configuration the SmallRye channels use (env {@code KAFKA_SECURITY_PROTOCOL},
 * {@code KAFKA_SASL_MECHANISM}, {@code KAFKA_SASL_JAAS_CONFIG}, ...), so the hand-built event producer
 * authenticates as the same service principal as the service's consumers.
 */
public final class KafkaClientSecurity {

    /** The client keys that carry security; anything else stays each client's own business. */
    static final List<String> KEYS = List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config",
            "sasl.login.callback.handler.class", "sasl.client.callback.handler.class",
            "ssl.truststore.type", "ssl.truststore.location", "ssl.truststore.password", "ssl.truststore.certificates",
            "ssl.keystore.type", "ssl.keystore.location", "ssl.keystore.password", "ssl.key.password",
            "ssl.keystore.certificate.chain", "ssl.keystore.key", "ssl.endpoint.identification.algorithm");

    private KafkaClientSecurity() {
    }

    /** The configured security properties (empty for a plaintext, unauthenticated broker). */
    public static Map<String, Object> from(Function<String, Optional<String>> config) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : KEYS) {
            config.apply("kafka." + key).filter(v -> !v.isBlank()).ifPresent(v -> out.put(key, v));
        }
        return out;
    }

    /**
     * A SASL client configuration ({@code kafka.*} keys) for {@code user}: {@code SCRAM-SHA-512} (deployment) or
     * {@code PLAIN} (the in-process broker's static users). Over plaintext only on a loopback or a TLS-terminated
     * network; deployment uses {@code SASL_SSL}.
     */
    public static Map<String, String> sasl(String protocol, String mechanism, String user, String password) {
        String module = mechanism.startsWith("SCRAM") ? "org.apache.kafka.common.security.scram.ScramLoginModule"
                : "org.apache.kafka.common.security.plain.PlainLoginModule";
        return Map.of("kafka.security.protocol", protocol, "kafka.sasl.mechanism", mechanism,
                "kafka.sasl.jaas.config", module + " required username=\"" + user + "\" password=\"" + password + "\";");
    }
}
