package io.deepunlearn.cli.stack;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.infra.Ports;
import io.deepunlearn.localstack.LocalStack;
import io.deepunlearn.localstack.load.LoadReport;
import io.deepunlearn.localstack.load.OfferedRate;
import io.deepunlearn.localstack.load.PipelineLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code loadtest}: the pipeline under offered load. Starts the stack, trains one small CNN, then for each rate
 * sends forget requests open-loop (each for a distinct data subject of the model's dataset) for the duration,
 * waits until each has its receipt, and reports latency (send to audited model: p50/p95/p99), sustained
 * throughput, unlearning runs (coalescing), lost and duplicated requests. Ends with
 * {@code pipeline p50_s=<a> p95_s=<b> throughput_per_min=<c> lost=<n>} (latency of the 1/s step, throughput of the
 * top rate, lost over all). Exit 0 when every request got exactly one receipt, 1 otherwise, 2 on bad options.
 */
@Command(name = "loadtest", mixinStandardHelpOptions = true,
        description = "Offer forget requests at several rates to a local stack and measure latency, throughput and losses.")
public class PipelineLoadCommand implements Callable<Integer> {

    static final String MODEL_ID = "fmnist-load";

    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions options = new StackOptions();

    @Option(names = "--rates", split = ",", defaultValue = "1,10,100",
            description = "Offered rates in requests per second, run one after the other (default ${DEFAULT-VALUE})")
    List<Double> rates;

    @Option(names = "--duration", defaultValue = "15",
            description = "Seconds each rate is offered (default ${DEFAULT-VALUE}); every request needs its own data subject")
    double duration;

    @Option(names = "--drain-timeout", defaultValue = "300",
            description = "Seconds to wait, after a rate's last send, for all its receipts (default ${DEFAULT-VALUE})")
    long drainTimeout;

    @Option(names = "--train-limit", defaultValue = "5000",
            description = "Training pool taken from the full Fashion-MNIST when present (default ${DEFAULT-VALUE})")
    int trainLimit;

    @Option(names = "--test-limit", defaultValue = "1000", description = "Test images (default ${DEFAULT-VALUE})")
    int testLimit;

    @Option(names = "--epochs", defaultValue = "1",
            description = "Training epochs; training is not what is measured (default ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--samples-per-subject", defaultValue = "1",
            description = "Samples per synthetic data subject in the dataset manifest (the trainer's "
                    + "DEEPUNLEARN_DATASET_SAMPLES_PER_SUBJECT; default ${DEFAULT-VALUE}, so there are enough distinct subjects)")
    int samplesPerSubject;

    @Option(names = "--hyperparameters", defaultValue = "num_epochs=1",
            description = "Unlearning hyperparameter overrides, key=value,... (default ${DEFAULT-VALUE})")
    String hyperparameters;

    @Option(names = "--coalesce-window",
            description = "The unlearner's coalescing window, ISO-8601 (default: the service's, PT2S)")
    String coalesceWindow;

    @Option(names = "--warm-up", defaultValue = "16",
            description = "Subjects sent as one unmeasured burst before the rates (default ${DEFAULT-VALUE}): warms the "
                    + "services and gives the lineage enough forgotten samples for the audit's MIA; 0 for none")
    int warmUp;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the subjects' order (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "out/pipeline-load",
            description = "Where results.json, requests.csv and the services' logs go (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--keep", description = "Keep the state directory (broker, objects, service logs) afterwards")
    boolean keep;

    @Override
    public Integer call() throws IOException {
        List<OfferedRate> plan = plan();
        LocalStack.Options o = options.toTemporaryOptions("loadtest");
        o.extraEnv().put("DEEPUNLEARN_DATASET_SAMPLES_PER_SUBJECT", String.valueOf(samplesPerSubject));
        if (!hyperparameters.isBlank()) {
            o.extraEnv().put("DEEPUNLEARN_UNLEARNING_HYPERPARAMETERS", hyperparameters);
        }
        if (coalesceWindow != null) {
            o.extraEnv().put("DEEPUNLEARN_COALESCE_WINDOW", coalesceWindow);
        }
        Map<String, Object> setup = setup(o, plan);
        PipelineLoad.Run run;
        long t0 = System.nanoTime();
        log("starting Kafka, S3 and the three services (state in " + o.stateDir() + ") ...");
        try (LocalStack stack = LocalStack.start(o).closeOnShutdown();
             PipelineLoad load = PipelineLoad.attach(stack, stack.client(), PipelineLoadCommand::log)) {
            double started = seconds(t0);
            setup.put("stackStartSeconds", started);
            log(String.format("stack ready in %.1f s", started));
            run = run(stack, load, plan, setup);
            if (run == null) {
                return 1;
            }
        } finally {
            // the services' logs hold the per-run timings (unlearning, audit): keep them with the results
            copyLogs(o.stateDir().resolve("logs"), out.resolve("logs"));
            if (!keep) {
                Ports.deleteRecursively(o.stateDir());
            }
        }
        // printed after the stack has stopped, so the summary line is the last line of the output
        LoadReport report = run.report();
        report.write(out, run.outcomes());
        System.out.println();
        report.table().forEach(System.out::println);
        report.rates().stream().filter(r -> r.lost() > 0).forEach(r -> System.out.println("lost at "
                + new OfferedRate(r.perSecond(), r.seconds()).label() + "/s: refused " + r.refusals() + ", no receipt "
                + r.failures()));
        System.out.println("results: " + out.resolve("results.json") + ", per request: " + out.resolve("requests.csv"));
        System.out.println(report.summaryLine());
        return report.lost() == 0 && report.duplicates() == 0 ? 0 : 1;
    }

    private PipelineLoad.Run run(LocalStack stack, PipelineLoad load, List<OfferedRate> plan, Map<String, Object> setup) {
        Map<String, Object> job = SmallCnnTraining.job(MODEL_ID, epochs, trainLimit, testLimit);
        long t1 = System.nanoTime();
        log("training " + job + " ...");
        JsonNode trained = SmallCnnTraining.trainAndWait(stack.client(), job, Duration.ofMinutes(20));
        if (!"SUCCEEDED".equals(trained.path("status").asText())) {
            System.err.println("[loadtest] training failed: " + trained);
            return null;
        }
        setup.put("dataset", job.get("dataset"));
        setup.put("trainSeconds", seconds(t1));
        String version = trained.path("version").asText();
        log(String.format("trained %s@%s in %.1f s", MODEL_ID, version, seconds(t1)));
        List<String> subjects;
        try {
            subjects = load.subjects(MODEL_ID, version, PipelineLoad.requests(plan, warmUp), seed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        setup.put("loadAverageBefore", loadAverage());
        PipelineLoad.Run run = load.run(MODEL_ID, plan, subjects, warmUp, Duration.ofSeconds(drainTimeout), setup);
        setup.put("loadAverageAfter", loadAverage());
        setup.put("finishedAt", Instant.now().toString());
        return run;
    }

    /** The offered rates, validated: bad input is exit code 2 with one line naming it. */
    List<OfferedRate> plan() {
        if (rates == null || rates.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--rates needs at least one rate");
        }
        if (drainTimeout <= 0) {
            throw new ParameterException(spec.commandLine(), "--drain-timeout must be positive, got " + drainTimeout);
        }
        if (warmUp < 0) {
            throw new ParameterException(spec.commandLine(), "--warm-up must not be negative, got " + warmUp);
        }
        if (samplesPerSubject < 1) {
            throw new ParameterException(spec.commandLine(), "--samples-per-subject must be at least 1, got " + samplesPerSubject);
        }
        if (epochs < 1 || trainLimit < 20 || testLimit < 1) {
            throw new ParameterException(spec.commandLine(), "--epochs must be >= 1, --train-limit >= 20, --test-limit >= 1");
        }
        if (coalesceWindow != null) {
            try {
                if (Duration.parse(coalesceWindow).isNegative()) {
                    throw new ParameterException(spec.commandLine(), "--coalesce-window must not be negative");
                }
            } catch (DateTimeParseException e) {
                throw new ParameterException(spec.commandLine(), "--coalesce-window is not an ISO-8601 duration (e.g. PT2S): "
                        + coalesceWindow);
            }
        }
        List<OfferedRate> plan = new ArrayList<>();
        try {
            for (double r : rates) {
                plan.add(new OfferedRate(r, duration));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return plan;
    }

    private Map<String, Object> setup(LocalStack.Options o, List<OfferedRate> plan) {
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("startedAt", Instant.now().toString());
        setup.put("rates", rates);
        setup.put("durationSeconds", duration);
        setup.put("requests", PipelineLoad.requests(plan, 0));
        setup.put("warmUpRequests", warmUp);
        setup.put("drainTimeoutSeconds", drainTimeout);
        setup.put("modelId", MODEL_ID);
        setup.put("architecture", "small-cnn");
        setup.put("trainLimit", trainLimit);
        setup.put("testLimit", testLimit);
        setup.put("epochs", epochs);
        setup.put("samplesPerSubject", samplesPerSubject);
        setup.put("method", o.extraEnv().get("DEEPUNLEARN_UNLEARNING_METHOD"));
        setup.put("hyperparameters", hyperparameters);
        setup.put("coalesceWindow", coalesceWindow == null ? "PT2S (service default)" : coalesceWindow);
        setup.put("cpus", Runtime.getRuntime().availableProcessors());
        setup.put("cpuModel", cpuModel());
        setup.put("java", System.getProperty("java.version"));
        setup.put("loadAverageAtStart", loadAverage());
        return setup;
    }

    private static void copyLogs(Path from, Path to) {
        if (!Files.isDirectory(from)) {
            return;
        }
        try (var files = Files.list(from)) {
            Files.createDirectories(to);
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            System.err.println("[loadtest] cannot keep the service logs: " + e.getMessage());
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void log(String message) {
        System.out.println("[loadtest] " + message);
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
