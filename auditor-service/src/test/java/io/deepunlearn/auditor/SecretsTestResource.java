package io.deepunlearn.auditor;

import io.deepunlearn.pipeline.security.LocalSecrets;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
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

    /** The secrets of the running test application. */
    public static LocalSecrets secrets() {
        return LocalSecrets.restore(ConfigProvider.getConfig().getValue(KEY, String.class));
    }
}
