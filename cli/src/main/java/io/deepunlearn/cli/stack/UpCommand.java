package io.deepunlearn.cli.stack;

import io.deepunlearn.localstack.LocalStack;
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
}
