package io.deepunlearn.unlearner;

import io.deepunlearn.pipeline.security.LocalSecrets;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Fresh keys for the service under test, as the local stack generates them: pepper, signing keys, and the OIDC
 * verification key. The whole set travels in the test-only key {@value #KEY} so tests can mint tokens
 * ({@link #secrets()}).
 */
public class SecretsTestResource implements QuarkusTestResourceLifecycleManager {

    static final String KEY = "deepunlearn.test.local-secrets";

    @Override
    public Map<String, String> start() {
        LocalSecrets secrets = LocalSecrets.generate();
        Map<String, String> config = new HashMap<>(secrets.serviceConfig("unlearner-service"));
        config.put(KEY, secrets.export());
        return config;
    }

    @Override
    public void stop() {
    }

    /**
     * Every RestAssured call of the test class goes out with a bearer token of {@code principal} holding {@code role}
     * (call in {@code @BeforeEach}; {@link #anonymous} in {@code @AfterEach}). The 401/403 matrix itself is
     * EndpointSecurityTest's.
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
}
