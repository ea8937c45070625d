package io.deepunlearn.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.infra.Ports;
import io.deepunlearn.localstack.LocalStack;
import io.deepunlearn.localstack.MemorisingModel;
import io.deepunlearn.localstack.PipelineClient;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.S3Settings;
import io.deepunlearn.pipeline.storage.ShadowStore;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code demo}: starts the stack, trains a model that memorises (then waits for its U-LiRA shadows) or, with
 * {@code --no-memorising}, a small CNN on Fashion-MNIST (the bundled 3 000-image subset when the full set is absent), asks to
 * forget a few data subjects (one burst, coalesced into one run), waits until every request is published, prints
 * the receipt and a summary (verdict, pre- and post-erasure MIA, U-LiRA), stops everything. Exit code 0 when every
 * request is published with its receipt, whatever the verdict (a failed audit ends in the exact retrain).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train, forget data subjects, audit, print the erasure receipt (no Docker needed).")
public class DemoCommand implements Callable<Integer> {

    @Mixin
    StackOptions options = new StackOptions();

    @Option(names = "--subjects", split = ",", defaultValue = "subject-7,subject-8,subject-9,subject-10",
            description = "Data subjects asking to be forgotten, sent as a burst of requests that the unlearner coalesces "
                    + "into one run (default ${DEFAULT-VALUE}); the audit's MIA then works on ~100 samples instead of ~25")
    java.util.List<String> subjects;

    @Option(names = "--epochs", defaultValue = "2", description = "Training epochs with --no-memorising (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--train-limit", defaultValue = "6000",
            description = "Training samples taken from the full Fashion-MNIST when present, with --no-memorising (default ${DEFAULT-VALUE})")
    int trainLimit;

    @Option(names = "--keep", description = "Keep the state directory afterwards")
    boolean keep;

    // Default on: a receipt's "pass" means something only when the pre-erasure model shows a signal,
    // and the 2-epoch Fashion-MNIST model barely memorises (its audits are inconclusive).
    @Option(names = "--memorising", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Train a model that memorises (synthetic images, 400 samples, 30 epochs: about 2 minutes "
            + "on 2 cores) and wait for its U-LiRA shadow models before forgetting, so that the audit's control shows "
            + "a membership signal and the verdict has power (docs/ulira.md); the default. --no-memorising trains "
            + "the small Fashion-MNIST CNN instead (--epochs, --train-limit), whose audit is usually inconclusive")
    boolean memorising;

    @Override
    public Integer call() {
        LocalStack.Options o = options.toTemporaryOptions("demo");
        // a burst of REST calls on a busy laptop can span a few seconds: keep them in one run
        o.extraEnv().putIfAbsent("DEEPUNLEARN_COALESCE_WINDOW", System.getenv().getOrDefault("DEEPUNLEARN_COALESCE_WINDOW", "PT10S"));
        long t0 = System.nanoTime();
        System.out.println("[demo] starting Kafka, S3 and the three services (state in " + o.stateDir() + ") ...");
        try (LocalStack stack = LocalStack.start(o).closeOnShutdown()) {
            System.out.printf("[demo] stack ready in %.1f s%n", seconds(t0));
            return run(stack, shadowCount(o));
        } finally {
            if (!keep) {
                Ports.deleteRecursively(o.stateDir());
            }
        }
    }

    private int run(LocalStack stack, int shadowCount) {
        PipelineClient client = stack.client();
        String modelId = memorising ? "mem-demo" : "fmnist-demo";
        Map<String, Object> job = memorising ? MemorisingModel.job(modelId)
                : SmallCnnTraining.job(modelId, epochs, trainLimit, 1000);
        long t1 = System.nanoTime();
        System.out.println("[demo] training " + job + " ...");
        JsonNode trained = SmallCnnTraining.trainAndWait(client, job, Duration.ofMinutes(30));
        if (!"SUCCEEDED".equals(trained.path("status").asText())) {
            System.err.println("[demo] training failed: " + trained);
            return 1;
        }
        System.out.printf("[demo] trained %s@%s (sha256 %s) in %.1f s%n", modelId, trained.path("version").asText(),
                trained.path("sha256").asText(), seconds(t1));
        if (memorising && shadowCount > 0) {
            // without its shadows the first audit has no U-LiRA figures, and on this model only U-LiRA has power
            long ts = System.nanoTime();
            System.out.println("[demo] waiting for the " + shadowCount + " U-LiRA shadow models the auditor asked the trainer for ...");
            var s3 = stack.infrastructure().s3();
            try (ObjectStore store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), null))) {
                MemorisingModel.awaitShadows(new ShadowStore(store, "models"), modelId, shadowCount, Duration.ofMinutes(45));
            }
            System.out.printf("[demo] %d shadow models trained in %.1f s%n", shadowCount, seconds(ts));
        }

        long t2 = System.nanoTime();
        java.util.List<String> requestIds = new java.util.ArrayList<>();
        for (String subject : subjects) {
            PipelineClient.Reply forget = client.forget(Map.of("subjectId", subject, "modelId", modelId));
            if (forget.status() != 202) {
                System.err.println("[demo] forget request for " + subject + " refused: " + forget);
                return 1;
            }
            requestIds.add(forget.body().path("requestId").asText());
            System.out.println("[demo] forget request " + requestIds.get(requestIds.size() - 1) + " for " + subject + " accepted");
        }
        System.out.println("[demo] waiting for the unlearning and the audit ...");
        for (String requestId : requestIds) {
            // PUBLISHED after a released audit, or after the exact retrain that a failed audit asked for
            JsonNode status = client.awaitRequest(requestId, Set.of(RequestStatus.PUBLISHED, RequestStatus.FAILED),
                    Duration.ofMinutes(20));
            if (PipelineClient.statusOf(status) == RequestStatus.FAILED) {
                System.err.println("[demo] request " + requestId + " failed: " + status.path("reason").asText());
                return 1;
            }
        }
        double toAudited = seconds(t2);
        JsonNode receipt = client.awaitReceipt(requestIds.get(0), Duration.ofMinutes(2));
        System.out.println("[demo] erasure receipt of " + requestIds.get(0) + " (evidence bucket, no personal data):");
        System.out.println(receipt.toPrettyString());
        // every request is PUBLISHED and has its receipt: the audit's resolution was carried out, whatever the
        // verdict (a fail is the audit doing its job: the exact retrain it asked for is what got published)
        int samples = 0;
        for (String requestId : requestIds) {
            samples += client.awaitReceipt(requestId, Duration.ofMinutes(2)).path("sampleHashes").size();
        }
        JsonNode m = receipt.path("metrics");
        System.out.println("[demo] summary");
        System.out.printf("  requests -> audited model: %.1f s for %d request(s)%n", toAudited, requestIds.size());
        System.out.printf("  samples forgotten        : %d (subjects %s)%n", samples, String.join(", ", subjects));
        System.out.printf("  versions                 : %s -> %s%n", receipt.path("previousVersion").path("version").asText(),
                receipt.path("unlearnedVersion").path("version").asText());
        System.out.printf("  accuracy retain/forget/test: %.3f / %.3f / %.3f (test before: %.3f)%n",
                m.path("retainAccuracy").asDouble(), m.path("forgetAccuracy").asDouble(), m.path("testAccuracy").asDouble(),
                m.path("previousTestAccuracy").asDouble());
        System.out.printf("  MIA pre-erasure %.3f -> post %.3f (noise floor +-%.3f at n=%d), indiscernibility %.3f%n",
                m.path("preErasureMia").asDouble(), m.path("mia").asDouble(), m.path("miaNoiseFloor").asDouble(),
                m.path("miaSamplesPerGroup").asInt(), m.path("indiscernibility").asDouble());
        JsonNode u = receipt.path("ulira");
        if ("measured".equals(u.path("status").asText())) {
            System.out.printf("  U-LiRA (%d shadows): AUC pre-erasure %.3f -> post %.3f (noise floor +-%.3f), flagged %.3f -> %.3f%n",
                    u.path("shadows").asInt(), u.path("preErasureAuc").asDouble(), u.path("auc").asDouble(),
                    u.path("aucNoiseFloor").asDouble(), u.path("preErasureFlaggedRatio").asDouble(),
                    u.path("flaggedRatio").asDouble());
        } else {
            System.out.println("  U-LiRA: " + u.path("status").asText() + " (" + u.path("detail").asText() + ")");
        }
        System.out.printf("  audit %s -> %s: %s%n", receipt.path("outcome").asText(), receipt.path("resolution").asText(),
                receipt.path("summary").asText());
        return 0;
    }

    /** The auditor's shadow count: the stack's setting, else this process's environment (inherited), else 4. */
    private static int shadowCount(LocalStack.Options o) {
        String key = "DEEPUNLEARN_AUDIT_ULIRA_SHADOWS";
        return Integer.parseInt(o.extraEnv().getOrDefault(key, System.getenv().getOrDefault(key, "4")).trim());
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
