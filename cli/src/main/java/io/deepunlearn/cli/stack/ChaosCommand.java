package io.deepunlearn.cli.stack;

import io.deepunlearn.localstack.LocalStack;
import io.deepunlearn.localstack.PipelineClient;
import io.deepunlearn.localstack.ServiceProcess;
import io.deepunlearn.localstack.faults.FaultInjector;
import io.deepunlearn.localstack.faults.Invariants;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.S3Settings;
import java.time.Duration;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code chaos}: a bounded fault run. Starts a supervised stack, trains a small model, then for {@code --minutes}
 * sends a stream of forget requests (retried until answered, as a client would: {@link RetryingClient}) while a
 * seeded {@link FaultInjector} kills, terminates and restarts services and
 * unlearner replicas and restarts the broker and S3; then waits for convergence and checks the erasure guarantees
 * from the buckets ({@link Invariants}). The last line is
 * {@code chaos accepted=<n> receipts=<n> lost=<n> duplicate_versions=<n> forks=<n> faults=<k>}; exit 0 when nothing
 * was lost, duplicated or forked.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = "Forget requests under random process kills, restarts, replicas, broker and S3 outages; then check every guarantee.")
public class ChaosCommand implements Callable<Integer> {

    static final String MODEL = "chaos-model";

    @Mixin
    StackOptions options = new StackOptions();

    @Option(names = "--minutes", defaultValue = "3", description = "How long faults and requests go on (default ${DEFAULT-VALUE})")
    double minutes;

    @Option(names = "--seed", defaultValue = "11", description = "Seed of the fault sequence (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--fault-every", defaultValue = "PT7S", description = "Pause between faults (default ${DEFAULT-VALUE})")
    Duration faultEvery;

    @Option(names = "--request-every", defaultValue = "PT2S", description = "Pause between forget requests (default ${DEFAULT-VALUE})")
    Duration requestEvery;

    @Option(names = "--converge-timeout", defaultValue = "PT10M", description = "Wait for convergence at most (default ${DEFAULT-VALUE})")
    Duration convergeTimeout;

    @Override
    public Integer call() throws Exception {
        if (options.method == null) {
            options.method = "FT";
        }
        LocalStack.Options base = options.toTemporaryOptions("chaos");
        Map<String, String> env = new HashMap<>(base.extraEnv());
        env.putAll(ChaosSettings.ENV);
        LocalStack.Options o = new LocalStack.Options(base.home(), base.stateDir(), base.kafkaPort(), base.s3Port(),
                base.portOffset(), env);
        log("starting the stack in " + o.stateDir());
        try (LocalStack stack = LocalStack.start(o).closeOnShutdown()) {
            stack.supervise(Duration.ofSeconds(1), ChaosCommand::log);
            PipelineClient client = stack.client();
            PipelineClient.Reply job = client.train(Map.of("modelId", MODEL, "dataset", "fashion-mnist-subset",
                    "trainLimit", 600, "testLimit", 200, "epochs", 1));
            client.awaitJob(job.body().path("jobId").asText(), Duration.ofMinutes(10));
            log("model trained; chaos for " + minutes + " min (seed " + seed + ")");

            RetryingClient requests = new RetryingClient(client);
            long end = System.nanoTime() + (long) (minutes * 60e9);
            Thread sender = new Thread(() -> send(requests, end), "chaos-sender");
            sender.start();
            FaultInjector faults = new FaultInjector(stack, seed);
            while (System.nanoTime() < end) {
                ServiceProcess.sleep(faultEvery.toMillis());
                if (System.nanoTime() < end) {
                    log("fault " + (faults.injected() + 1) + ": " + faults.injectOne());
                }
            }
            sender.join();
            settle(stack);
            RetryingClient.Stats stats = requests.finish(Duration.ofMinutes(3));
            log("faults over; " + stats.line());
            Set<String> accepted = requests.ids();
            log(accepted.size() + " request ids owed a receipt; converging ...");
            var s3 = stack.infrastructure().s3();
            try (ObjectStore store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), null))) {
                long t0 = System.nanoTime();
                Invariants.Report report = new Invariants(store, stack.secrets().readerSettings()).awaitConverged(accepted, convergeTimeout);
                log(String.format("converged check after %.0f s", (System.nanoTime() - t0) / 1e9));
                // requests whose answer was lost to a kill may still complete: their receipts are not violations
                report.violations().stream().filter(v -> !v.startsWith("receipt for a request never accepted")
                        && !v.contains("tombstoned but never accepted")).forEach(v -> log("VIOLATION " + v));
                System.out.println(report.line(faults.injected()));
                boolean ok = report.lost().isEmpty() && report.duplicateVersions().isEmpty() && report.forks().isEmpty();
                return ok ? 0 : 1;
            }
        }
    }

    /** Open loop: a new forget request per {@code --request-every}, each for the next data subject (retried on its own). */
    private void send(RetryingClient requests, long end) {
        int subject = 0;
        while (System.nanoTime() < end) {
            subject = subject % 99 + 1;
            requests.submit(Map.of("subjectId", "subject-" + subject, "modelId", MODEL));
            ServiceProcess.sleep(requestEvery.toMillis());
        }
    }

    /** After the faults: broker and S3 up, every primary service running (as the supervisor would leave them). */
    private static void settle(LocalStack stack) {
        stack.infrastructure().kafka().restart();
        stack.infrastructure().s3().resume();
        for (String name : LocalStack.SERVICES.keySet()) {
            ServiceProcess p = stack.service(name);
            if (!p.alive()) {
                p.restart(Map.of());
            }
            p.awaitReady(Duration.ofMinutes(3));
        }
    }

    static void log(String message) {
        System.out.println(LocalTime.now().withNano(0) + " " + message);
    }
}
