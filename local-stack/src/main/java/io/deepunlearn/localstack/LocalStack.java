package io.deepunlearn.localstack;

import io.deepunlearn.infra.EmbeddedInfrastructure;
import io.deepunlearn.infra.EmbeddedKafka;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.security.KafkaAcls;
import io.deepunlearn.pipeline.security.LocalSecrets;
import io.deepunlearn.pipeline.security.Roles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The whole pipeline on one machine without Docker: the in-process broker and S3 server, then trainer, unlearner
 * and auditor as separate processes (started in parallel, awaited healthy). {@link #close} stops everything in
 * reverse order; a shutdown hook makes Ctrl-C do the same. Each stack generates its own secrets
 * ({@link LocalSecrets}: the OIDC signing key, one Ed25519 signing key per service, the pseudonym pepper); each
 * service gets only its own private key in its environment, and {@link #client} authenticates with tokens.
 *
 * <p>The broker is secured by default ({@link #startInfrastructure}): SASL/PLAIN on loopback with one principal per
 * service (its service name, a fresh password per start) and the authorizer holding the ACLs of
 * {@link KafkaAcls#plan}, so each service writes only the topics it owns and reads only those it consumes. Each
 * service gets its own credentials as {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM},
 * {@code KAFKA_SASL_JAAS_CONFIG}; the harness (topic creation, probes, the load tap, {@code dlq}) uses the
 * {@value EmbeddedKafka#ADMIN} super user ({@link #kafkaClientConfig}).
 */
public final class LocalStack implements AutoCloseable {

    /** Service name and contract port, in start order. */
    public static final Map<String, Integer> SERVICES = new LinkedHashMap<>();

    static {
        SERVICES.put("trainer-service", 8081);
        SERVICES.put("unlearner-service", 8082);
        SERVICES.put("auditor-service", 8083);
    }

    /**
     * Where and how to run. {@code portOffset} shifts the service ports (0 keeps 8081-8083). {@code kafkaSecured}
     * (the default) runs the broker with SASL and ACLs; false gives the plaintext, unauthenticated broker.
     */
    public record Options(Path home, Path stateDir, int kafkaPort, int s3Port, int portOffset, Map<String, String> extraEnv,
                          boolean kafkaSecured) {

        public Options(Path home, Path stateDir, int kafkaPort, int s3Port, int portOffset, Map<String, String> extraEnv) {
            this(home, stateDir, kafkaPort, s3Port, portOffset, extraEnv, true);
        }
    }

    private final EmbeddedInfrastructure infra;
    private final LocalSecrets secrets = LocalSecrets.generate();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread shutdownHook;
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    private volatile Supervisor supervisor;
    private Options options;
    private Map<String, String> serviceEnv;
    private final Map<String, String> urls = new LinkedHashMap<>();

    private LocalStack(EmbeddedInfrastructure infra) {
        this.infra = infra;
    }

    /**
     * The three services share this machine's cores, so their libtorch OpenMP threads must not spin-wait for each
     * other: with the default (active) policy a step ran 2.6x slower when two services trained or evaluated at once,
     * and the pipeline benchmark's p50 at 1 request/s went from 19.0 s to 14.5 s with PASSIVE (docs/performance.md).
     * A policy already set in this process's environment wins.
     */
    static Map<String, String> sharedCoreDefaults(Map<String, String> parentEnv) {
        return parentEnv.containsKey("OMP_WAIT_POLICY") ? Map.of() : Map.of("OMP_WAIT_POLICY", "PASSIVE");
    }

    /**
     * The stack's broker and S3 server without the services: the pipeline's topics created, and on a secured broker
     * ({@link Options#kafkaSecured}) one SASL user per service with the ACLs of {@link KafkaAcls#plan}.
     */
    public static EmbeddedInfrastructure startInfrastructure(Options o) {
        String accessKey = "local-" + Long.toHexString(System.nanoTime());
        String secretKey = "local-secret-" + Long.toHexString(System.nanoTime());
        Topics topics = Topics.defaults();
        var plan = KafkaAcls.plan(topics);
        EmbeddedInfrastructure infra = o.kafkaSecured()
                ? EmbeddedInfrastructure.startSecured(o.stateDir(), o.kafkaPort(), o.s3Port(), accessKey, secretKey, plan.keySet())
                : EmbeddedInfrastructure.start(o.stateDir(), o.kafkaPort(), o.s3Port(), accessKey, secretKey);
        try {
            PipelineTopics.create(infra.kafka(), topics);
            if (o.kafkaSecured()) {
                // kept in the metadata log: a restart on the same state directory finds them again (adding is idempotent)
                infra.kafka().createAcls(KafkaAcls.bindings(plan.values()));
            }
            return infra;
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
    }

    /**
     * The Kafka settings of one service as environment variables: the bootstrap servers and, on a secured broker,
     * its own principal's credentials ({@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM},
     * {@code KAFKA_SASL_JAAS_CONFIG}), which Quarkus maps to the {@code kafka.*} configuration of every client.
     */
    static Map<String, String> kafkaEnvironment(EmbeddedInfrastructure infra, String service) {
        Map<String, String> env = new HashMap<>();
        infra.serviceEnvironment(infra.kafka().secured() ? service : EmbeddedKafka.ADMIN).forEach((k, v) -> {
            if (k.startsWith("KAFKA_")) {
                env.put(k, v);
            }
        });
        return env;
    }

    public static LocalStack start(Options o) {
        EmbeddedInfrastructure infra = startInfrastructure(o);
        LocalStack stack = new LocalStack(infra);
        try {
            Map<String, String> env = new HashMap<>(infra.serviceEnvironment());
            env.put("DJL_CACHE_DIR", o.home().resolve(".cache/djl").toString());
            // everything runs on this machine: callbacks to a receiver on loopback are what the stack is for
            // (production keeps the SSRF guard on, docs/api.md); tracing stays unexported unless asked for
            env.put("DEEPUNLEARN_CALLBACKS_ALLOW_PRIVATE_NETWORKS", "true");
            env.putAll(sharedCoreDefaults(System.getenv()));
            env.putAll(o.extraEnv());
            stack.options = o;
            stack.serviceEnv = Map.copyOf(env);
            SERVICES.forEach((name, port) -> {
                ServiceProcess p = ServiceProcess.start(name, jar(o.home(), name), port + o.portOffset(), stack.environment(name),
                        o.stateDir().resolve("logs"));
                stack.services.add(p);
                stack.urls.put(name, p.url());
            });
            stack.services.forEach(p -> p.awaitReady(Duration.ofMinutes(3)));
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** {@code <home>/<service>/target/quarkus-app/quarkus-run.jar}. */
    public static Path jar(Path home, String service) {
        return home.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /**
     * The project root: {@code $DEEPUNLEARN_HOME}, else the first directory upwards from the working directory that
     * holds the services' modules.
     */
    public static Path findHome() {
        String env = System.getenv("DEEPUNLEARN_HOME");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("unlearner-service")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the DeepUnlearn project root; run from it or set DEEPUNLEARN_HOME");
    }

    public EmbeddedInfrastructure infrastructure() {
        return infra;
    }

    /** Service name to base URL. */
    public Map<String, String> urls() {
        return urls;
    }

    /**
     * Client properties of the harness on this stack's broker ({@code bootstrap.servers}, and when secured the
     * {@value EmbeddedKafka#ADMIN} super user's SASL settings): probes, the load tap, {@code dlq}.
     */
    public Map<String, Object> kafkaClientConfig() {
        return infra.kafka().adminConfig();
    }

    /**
     * Writes {@link #kafkaClientConfig} as a Kafka client properties file (owner-only, mode 600 where the file system
     * has POSIX permissions), for {@code deepunlearn dlq --kafka-config} and Kafka's own tools ({@code --command-config}).
     * The password is this run's: the file is stale once the stack stops.
     */
    public Path writeKafkaClientProperties(Path file) throws java.io.IOException {
        return writeKafkaClientProperties(kafkaClientConfig(), file);
    }

    /** {@code client} as a Kafka client properties file, owner-only (see {@link #writeKafkaClientProperties(Path)}). */
    public static Path writeKafkaClientProperties(Map<String, Object> client, Path file) throws java.io.IOException {
        java.util.Properties p = new java.util.Properties();
        client.forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        try (var out = Files.newOutputStream(file)) {
            p.store(out, "Kafka client settings of the local stack's harness user (" + EmbeddedKafka.ADMIN
                    + ", a super user) for this run only");
        }
        return file;
    }

    /** This stack's secrets: tokens for clients, the receipt public key for verify-receipt. */
    public LocalSecrets secrets() {
        return secrets;
    }

    /**
     * A REST client of the three services of this stack, authenticated like a real one: a trainer operator, an
     * erasure requester (the data controller's system) and a receipt reader, each with its own short-lived token.
     */
    public PipelineClient client() {
        Duration ttl = Duration.ofHours(12);
        return new PipelineClient(urls.get("trainer-service"), urls.get("unlearner-service"), urls.get("auditor-service"),
                new PipelineClient.Tokens(secrets.token("local-operator", ttl, Roles.TRAINER_OPERATOR),
                        secrets.token("local-controller", ttl, Roles.ERASURE_REQUESTER),
                        secrets.token("local-auditor", ttl, Roles.RECEIPT_READER)));
    }

    /** The running services, replicas included (replicas are named {@code <service>-2}, {@code -3}, ...). */
    public List<ServiceProcess> services() {
        return services;
    }

    /** The service or replica called {@code name}. */
    public ServiceProcess service(String name) {
        return services.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name + " in this stack"));
    }

    /** {@code kill -9} of one service or replica by name; it stays dead unless supervised. Returns the exit code. */
    public int kill(String name) {
        return service(name).kill();
    }

    /** SIGTERM of one service or replica (it drains, then exits; a supervisor leaves it down). Returns the exit code. */
    public int stop(String name, Duration grace) {
        return service(name).terminate(grace);
    }

    /**
     * Restarts one service or replica by name with {@code overrides} for this launch only (e.g. a crash point), and
     * waits until it is ready (unless {@code awaitReady} is false: a launch armed to crash may never be).
     */
    public ServiceProcess restart(String name, Map<String, String> overrides, boolean awaitReady) {
        ServiceProcess p = service(name);
        p.restart(overrides);
        if (awaitReady) {
            p.awaitReady(Duration.ofMinutes(3));
        }
        return p;
    }

    /**
     * Starts another replica of {@code service} (same jar, environment and consumer group, its own port, a name
     * {@code <service>-<n>}) and waits until it is ready: a scale-up.
     */
    public ServiceProcess startReplica(String service, Map<String, String> overrides) {
        if (!SERVICES.containsKey(service)) {
            throw new IllegalArgumentException("unknown service " + service);
        }
        int n = 2;
        while (hasService(service + "-" + n)) {
            n++;
        }
        Map<String, String> env = environment(service);
        env.putAll(overrides);
        ServiceProcess p = ServiceProcess.start(service + "-" + n, jar(options.home(), service),
                io.deepunlearn.infra.Ports.free(), env, options.stateDir().resolve("logs"));
        services.add(p);
        p.awaitReady(Duration.ofMinutes(3));
        return p;
    }

    /** Scale-in: SIGTERM of a replica started by {@link #startReplica}, which then leaves the stack. */
    public void removeReplica(String name, Duration grace) {
        ServiceProcess p = service(name);
        if (SERVICES.containsKey(name)) {
            throw new IllegalArgumentException(name + " is a primary service, not a replica");
        }
        p.terminate(grace);
        services.remove(p);
    }

    /**
     * The environment of one service (or replica of it): the shared settings plus this service's own secrets (its
     * private key, the trusted keys, the pepper, the token issuer) only; the caller's extra settings win.
     */
    private Map<String, String> environment(String service) {
        Map<String, String> env = new HashMap<>(serviceEnv);
        env.putAll(secrets.serviceEnvironment(service));
        // its own Kafka principal: a replica shares it (same service, same ACLs, same consumer group)
        env.putAll(kafkaEnvironment(infra, service));
        env.putAll(options.extraEnv());
        return env;
    }

    private boolean hasService(String name) {
        return services.stream().anyMatch(p -> p.name().equals(name));
    }

    /**
     * Restarts any service that dies without being stopped on purpose (checked every {@code interval}), reporting
     * each restart to {@code log}; stopped with the stack.
     */
    public Supervisor supervise(Duration interval, Consumer<String> log) {
        if (supervisor == null) {
            supervisor = Supervisor.start(() -> services, interval, log);
        }
        return supervisor;
    }

    /**
     * Also stops everything when the JVM is stopped (Ctrl-C, SIGTERM): the services are separate processes that
     * would otherwise outlive it.
     */
    public LocalStack closeOnShutdown() {
        Thread hook = new Thread(this::close, "local-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        shutdownHook = hook;
        return this;
    }

    /** Stops the services (reverse order), then the broker and the S3 server; once only. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Thread hook = shutdownHook;
        if (hook != null && Thread.currentThread() != hook) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
        Supervisor s = supervisor;
        if (s != null) {
            s.close();
        }
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).close();
        }
        infra.close();
    }
}
