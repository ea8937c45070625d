package io.deepunlearn.cli.stack;

import io.deepunlearn.localstack.LocalStack;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by {@code up}, {@code demo} and {@code loadtest} (a picocli mixin). */
public class StackOptions {

    @Option(names = "--state-dir", description = "Broker log, S3 objects and service logs (default: .deepunlearn/local under the project)")
    Path stateDir;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka port (0 = any free port; default ${DEFAULT-VALUE})")
    int kafkaPort;

    @Option(names = "--s3-port", defaultValue = "9000", description = "S3 port (0 = any free port; default ${DEFAULT-VALUE})")
    int s3Port;

    @Option(names = "--port-offset", defaultValue = "0", description = "Added to the service ports 8081-8083")
    int portOffset;

    @Option(names = "--method", description = "Unlearning method (default: $DEEPUNLEARN_UNLEARNING_METHOD, else MSG, the headline method)")
    String method;

    /** Options with the state in a throwaway directory under the temp dir unless --state-dir was given. */
    LocalStack.Options toTemporaryOptions(String name) {
        if (stateDir == null) {
            stateDir = Path.of(System.getProperty("java.io.tmpdir"), "deepunlearn-" + name + "-" + ProcessHandle.current().pid());
        }
        return toOptions(name);
    }

    LocalStack.Options toOptions(String defaultStateName) {
        Path home = LocalStack.findHome();
        Map<String, String> env = new HashMap<>();
        String m = method != null ? method : System.getenv().getOrDefault("DEEPUNLEARN_UNLEARNING_METHOD", "MSG");
        env.put("DEEPUNLEARN_UNLEARNING_METHOD", m);
        Path state = stateDir != null ? stateDir : home.resolve(".deepunlearn").resolve(defaultStateName);
        return new LocalStack.Options(home, state, kafkaPort, s3Port, portOffset, env);
    }
}
