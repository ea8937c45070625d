package io.deepunlearn.auditor;

import io.deepunlearn.pipeline.security.LocalSecrets;
import io.deepunlearn.pipeline.security.SecuritySettings;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.ShadowStore;
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
        Map<String, String> config = new HashMap<>(secrets.serviceConfig("auditor-service"));
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

    /**
     * A checkpoint store that signs as the trainer: versions are written by the trainer and the unlearner, and the
     * auditor's own key is not a trusted checkpoint writer.
     */
    public static CheckpointStore trainerCheckpoints(ObjectStore store, String modelsBucket) {
        return new CheckpointStore(store, modelsBucket, keysOf("trainer-service"));
    }

    /** A shadow store that signs as the trainer, which trains the shadows. */
    public static ShadowStore trainerShadows(ObjectStore store, String modelsBucket) {
        return new ShadowStore(store, modelsBucket, keysOf("trainer-service"));
    }

    /** One service's keys, as the stack gives them. */
    public static SecuritySettings keysOf(String service) {
        Map<String, String> config = secrets().serviceConfig(service);
        return SecuritySettings.from(k -> java.util.Optional.ofNullable(config.get(k)));
    }

    /** The secrets of the running test application. */
    public static LocalSecrets secrets() {
        return LocalSecrets.restore(ConfigProvider.getConfig().getValue(KEY, String.class));
    }
}
