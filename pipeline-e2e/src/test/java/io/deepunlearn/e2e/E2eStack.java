package io.deepunlearn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.localstack.LocalStack;
import java.nio.file.Path;
import java.util.HashMap;
import java.nio.file.Files;
import java.util.Map;

/**
 * Starts the local stack for an end-to-end test from the services' fast-jars built by this reactor: FT for one
 * epoch and a 1 s coalescing window (fast, deterministic runs), plus the test's own settings.
 */
final class E2eStack {

    static final Map<String, String> FAST_UNLEARNING = Map.of(
            "DEEPUNLEARN_UNLEARNING_METHOD", "FT",
            "DEEPUNLEARN_UNLEARNING_HYPERPARAMETERS", "num_epochs=1,batch_size=64",
            "DEEPUNLEARN_COALESCE_WINDOW", "PT1S");

    private E2eStack() {
    }

    /** {@code portOffset} keeps test classes that may overlap in one JVM on distinct service ports. */
    static LocalStack start(Path stateDir, int portOffset, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(FAST_UNLEARNING);
        env.putAll(settings);
        return startWith(stateDir, portOffset, env);
    }

    /** With exactly {@code env} on top of the stack's own settings (no fast-unlearning defaults). */
    static LocalStack startWith(Path stateDir, int portOffset, Map<String, String> env) {
        Path home = LocalStack.findHome();
        for (String service : LocalStack.SERVICES.keySet()) {
            assertThat(LocalStack.jar(home, service)).as("run ./mvnw verify: the fast-jar of " + service).isRegularFile();
        }
        return LocalStack.start(new LocalStack.Options(home, stateDir, 0, 0, portOffset, new HashMap<>(env)));
    }

    /**
     * The extension path (DEEPUNLEARN_EXTENSIONS) that gives the services this module's test-only unlearning
     * methods ({@link io.deepunlearn.e2e.methods.E2eMethods}): its test classes and their services entry.
     */
    static String testMethodsPath() {
        Path module = LocalStack.findHome().resolve("pipeline-e2e");
        Path classes = module.resolve("target/test-classes");
        Path services = module.resolve("src/test/unlearner-extension");
        assertThat(classes.resolve("io/deepunlearn/e2e/methods/E2eMethods.class")).as("compiled test methods").isRegularFile();
        return classes + java.io.File.pathSeparator + services;
    }

    /** Keeps the services' logs (the state folder is deleted after the test). */
    static void copyLogs(Path from, Path to) {
        try (var files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (java.io.IOException e) {
            System.err.println("[e2e] cannot keep the service logs: " + e.getMessage());
        }
    }
}
