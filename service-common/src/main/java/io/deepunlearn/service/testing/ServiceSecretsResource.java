package io.deepunlearn.service.testing;

import io.deepunlearn.pipeline.security.LocalSecrets;
import io.deepunlearn.pipeline.security.SecuritySettings;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Fresh keys for a service under {@code @QuarkusTest}, as the local stack generates them: pepper, signing keys and
 * the OIDC verification key. The whole set travels in the test-only key {@value #KEY} so tests can mint tokens
 * ({@link #secrets()}). Each service's tests subclass it with the service's name. Test support only: its
 * dependencies (quarkus-test-common, rest-assured) are optional, so no service ships them.
 */
public abstract class ServiceSecretsResource implements QuarkusTestResourceLifecycleManager {

    static final String KEY = "deepunlearn.test.local-secrets";

    private final String service;

    protected ServiceSecretsResource(String service) {
        this.service = service;
    }

    @Override
    public Map<String, String> start() {
        LocalSecrets secrets = LocalSecrets.generate();
        Map<String, String> config = new HashMap<>(secrets.serviceConfig(service));
        config.put(KEY, secrets.export());
        return config;
    }

    @Override
    public void stop() {
    }

    /**
     * Every RestAssured call of the test class goes out with a bearer token of {@code principal} holding {@code role}
     * (call in {@code @BeforeEach}; {@link #anonymous} in {@code @AfterEach}). The 401/403 matrix itself is each
     * service's EndpointSecurityTest's.
     */
    public static void authenticateAs(String principal, String role) {
        RestAssured.requestSpecification = null; // a builder starts from the current default: no second token
        RestAssured.requestSpecification = new RequestSpecBuilder().addHeader("Authorization", "Bearer "
                + secrets().token(principal, Duration.ofMinutes(30), role)).build();
    }

    public static void anonymous() {
        RestAssured.requestSpecification = null;
    }

    /** The secrets of the running test application. */
    public static LocalSecrets secrets() {
        return LocalSecrets.restore(ConfigProvider.getConfig().getValue(KEY, String.class));
    }

    /** One service's keys, as the stack gives them (to sign as another service in a test). */
    public static SecuritySettings keysOf(String service) {
        Map<String, String> config = secrets().serviceConfig(service);
        return SecuritySettings.from(k -> Optional.ofNullable(config.get(k)));
    }
}
