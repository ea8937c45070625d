package io.deepunlearn.cli.stack;

import io.deepunlearn.localstack.LocalStack;
import io.deepunlearn.pipeline.security.KeyMaterial;
import io.deepunlearn.pipeline.security.Roles;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code up}: the whole pipeline locally, without Docker, until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start Kafka (KRaft, in-process), an S3 server (S3Proxy) and the trainer, unlearner and auditor services,"
                + " restarting any service that dies; Ctrl-C stops all.")
public class UpCommand implements Callable<Integer> {

    @Mixin
    StackOptions options = new StackOptions();

    @Override
    public Integer call() throws Exception {
        LocalStack.Options o = options.toOptions("local");
        System.out.println("Starting the local stack in " + o.stateDir() + " ...");
        LocalStack stack = LocalStack.start(o);
        // like a Deployment: a service that dies (crash, OOM, kill -9) is started again; an operator stop is not
        stack.supervise(Duration.ofSeconds(2), msg -> System.out.println(java.time.LocalTime.now().withNano(0) + " " + msg));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping ...");
            stack.close();
            stopped.countDown();
        }));
        printUrls(stack);
        printCredentials(stack, o.stateDir().resolve("credentials"));
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    static void printUrls(LocalStack stack) {
        System.out.println("Kafka      " + stack.infrastructure().kafka().bootstrapServers());
        var s3 = stack.infrastructure().s3();
        System.out.println("S3         " + s3.endpoint() + "  (throwaway credentials of this run: access key "
                + s3.accessKey() + ", secret key " + s3.secretKey() + ")");
        stack.urls().forEach((name, url) -> System.out.printf("%-18s %s  (health %s/q/health, metrics %s/q/metrics, OpenAPI %s/q/openapi)%n",
                name, url, url, url, url));
        stack.services().forEach(p -> System.out.println("log " + p.name() + ": " + p.log()));
    }

    /**
     * Writes this run's bearer tokens (one per role, 12 h) and the receipt public key to {@code dir} and says how to
     * use them: every REST call needs a token (docs/security.md); the keys are thrown away with the stack.
     */
    static void printCredentials(LocalStack stack, java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Files.createDirectories(dir);
        Duration ttl = Duration.ofHours(12);
        for (String role : java.util.List.of(Roles.TRAINER_OPERATOR, Roles.ERASURE_REQUESTER, Roles.RECEIPT_READER)) {
            java.nio.file.Files.writeString(dir.resolve(role + ".jwt"), stack.secrets().token("local-" + role, ttl, role));
        }
        java.nio.file.Path key = dir.resolve("receipt-public-key.pem");
        java.nio.file.Files.writeString(key, KeyMaterial.pem(stack.secrets().receiptPublicKey()));
        System.out.println("Tokens     " + dir + "/{" + Roles.TRAINER_OPERATOR + "," + Roles.ERASURE_REQUESTER + ","
                + Roles.RECEIPT_READER + "}.jwt  (e.g. export DEEPUNLEARN_TOKEN=$(cat " + dir.resolve(
                Roles.TRAINER_OPERATOR + ".jwt") + ") for the dataset/model/subjects commands)");
        System.out.println("Receipts   verify with: ./deepunlearn verify-receipt FILE --public-key " + key);
        if (stack.infrastructure().kafka().secured()) {
            java.nio.file.Path kafka = stack.writeKafkaClientProperties(dir.resolve("kafka-admin.properties"));
            System.out.println("Kafka      SASL/PLAIN, one principal per service with ACLs; admin client settings (mode 600): "
                    + kafka + "  (e.g. ./deepunlearn dlq list --kafka-config " + kafka + ")");
        }
    }
}
