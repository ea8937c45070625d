package io.deepunlearn.pipeline.callback;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Callback delivery and URL policy, read by key like the other shared settings:
 * <ul>
 *   <li>{@code deepunlearn.callbacks.poll-interval} (PT2S): how often the dispatcher looks for due deliveries;</li>
 *   <li>{@code deepunlearn.callbacks.initial-backoff} (PT2S), doubled per failed attempt up to
 *       {@code max-backoff} (PT10M); {@code max-attempts} (12, about an hour of retries) then the delivery gives up
 *       (the record and the state say so);</li>
 *   <li>{@code deepunlearn.callbacks.timeout} (PT10S): connect + answer time of one attempt;</li>
 *   <li>{@code deepunlearn.callbacks.require-https} (false): refuse {@code http://} URLs (turn on in production);</li>
 *   <li>{@code deepunlearn.callbacks.allowed-hosts} (empty = any): comma-separated hosts or {@code .suffix}es;</li>
 *   <li>{@code deepunlearn.callbacks.allow-private-networks} (false): allow loopback, private, link-local
 *       addresses (the SSRF guard; the local stack and tests turn it on);</li>
 *   <li>{@code deepunlearn.callbacks.signing-key} (unset): when set, each call carries an HMAC-SHA256 of its body.</li>
 * </ul>
 */
public record CallbackSettings(Duration pollInterval, Duration initialBackoff, Duration maxBackoff, int maxAttempts,
                               Duration timeout, boolean requireHttps, List<String> allowedHosts,
                               boolean allowPrivateNetworks, String signingKey) {

    public static CallbackSettings defaults() {
        return new CallbackSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMinutes(10), 12,
                Duration.ofSeconds(10), false, List.of(), false, null);
    }

    public static CallbackSettings from(Function<String, Optional<String>> config) {
        CallbackSettings d = defaults();
        return new CallbackSettings(
                config.apply("deepunlearn.callbacks.poll-interval").map(Duration::parse).orElse(d.pollInterval()),
                config.apply("deepunlearn.callbacks.initial-backoff").map(Duration::parse).orElse(d.initialBackoff()),
                config.apply("deepunlearn.callbacks.max-backoff").map(Duration::parse).orElse(d.maxBackoff()),
                config.apply("deepunlearn.callbacks.max-attempts").map(Integer::parseInt).orElse(d.maxAttempts()),
                config.apply("deepunlearn.callbacks.timeout").map(Duration::parse).orElse(d.timeout()),
                config.apply("deepunlearn.callbacks.require-https").map(Boolean::parseBoolean).orElse(d.requireHttps()),
                config.apply("deepunlearn.callbacks.allowed-hosts").map(s -> Arrays.stream(s.split(","))
                        .map(String::trim).filter(h -> !h.isEmpty()).toList()).orElse(d.allowedHosts()),
                config.apply("deepunlearn.callbacks.allow-private-networks").map(Boolean::parseBoolean)
                        .orElse(d.allowPrivateNetworks()),
                config.apply("deepunlearn.callbacks.signing-key").filter(s -> !s.isBlank()).orElse(null));
    }

    /** Wait before attempt {@code attempts + 1}: initial × 2^(attempts-1), capped. */
    public Duration backoff(int attempts) {
        Duration d = initialBackoff.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }
}
