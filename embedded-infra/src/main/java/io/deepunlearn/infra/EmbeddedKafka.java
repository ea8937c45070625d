package io.deepunlearn.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker + controller) running inside this JVM, from
 * Apache Kafka's own jars: no Docker, no ZooKeeper. The log directory is formatted on first start and reused
 * afterwards, so a restart on the same directory keeps topics and records (and ACLs).
 *
 * <p>Two modes. <b>Plaintext</b> ({@link #startTemporary}, {@link #start}): no authentication, no authorizer, topics
 * auto-created (the services' {@code @QuarkusTest}s). <b>Secured</b> ({@link #startSecured},
 * {@link #startTemporarySecured}): both listeners (client and controller) are {@code SASL_PLAINTEXT} with mechanism
 * {@code PLAIN} on 127.0.0.1, with static users whose passwords are drawn fresh ({@link SecureRandom}) at every
 * {@code start*} call and live only in this object; the {@code StandardAuthorizer} denies whatever no ACL allows
 * ({@code allow.everyone.if.no.acl.found=false}); {@value #BROKER} (the node itself) and {@value #ADMIN} (the
 * harness: topic creation, ACLs, test probes, {@code dlq}) are super users; topics are not auto-created. Add ACLs
 * with {@link #createAcls}; {@link #clientConfig} gives a user's client properties. No TLS: loopback only.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** The principal of the broker/controller node itself (inter-broker and controller traffic). */
    public static final String BROKER = "broker";
    /** The harness principal: a super user. */
    public static final String ADMIN = "admin";
    public static final String MECHANISM = "PLAIN";
    public static final String SASL_PLAINTEXT = "SASL_PLAINTEXT";
    private static final String PLAIN_LOGIN = "org.apache.kafka.common.security.plain.PlainLoginModule";

    private final Path logDir;
    private final boolean deleteOnClose;
    private final int port;
    /** User to password; empty in plaintext mode. */
    private final Map<String, String> users;
    private int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path logDir, boolean deleteOnClose, int port, Map<String, String> users) {
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
        this.users = users;
    }

    /** A broker on a free port with a temporary log directory deleted on close (tests). */
    public static EmbeddedKafka startTemporary() {
        try {
            return start(Files.createTempDirectory("deepunlearn-kafka"), 0, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a broker on {@code port} (0 = any free port) with its log in {@code logDir}. */
    public static EmbeddedKafka start(Path logDir, int port, boolean deleteOnClose) {
        EmbeddedKafka kafka = new EmbeddedKafka(logDir, deleteOnClose, port == 0 ? Ports.free() : port, Map.of());
        kafka.startServer();
        return kafka;
    }

    /** A secured broker (SASL/PLAIN + authorizer) on a free port with a temporary log directory (tests). */
    public static EmbeddedKafka startTemporarySecured(Collection<String> users) {
        try {
            return startSecured(Files.createTempDirectory("deepunlearn-kafka"), 0, true, users);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A secured broker with static users {@code users} (service principals; {@value #BROKER} and {@value #ADMIN} are
     * always added), each with a fresh random password. Only ACLs (none yet: {@link #createAcls}) let a user other
     * than the super users do anything.
     */
    public static EmbeddedKafka startSecured(Path logDir, int port, boolean deleteOnClose, Collection<String> users) {
        SecureRandom random = new SecureRandom();
        Map<String, String> passwords = new LinkedHashMap<>();
        for (String user : concat(List.of(BROKER, ADMIN), users)) {
            if (user.isBlank() || user.contains("\"") || user.contains(";") || user.contains(" ")) {
                throw new IllegalArgumentException("not a usable user name: '" + user + "'");
            }
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            passwords.put(user, HexFormat.of().formatHex(bytes));
        }
        EmbeddedKafka kafka = new EmbeddedKafka(logDir, deleteOnClose, port == 0 ? Ports.free() : port, Map.copyOf(passwords));
        kafka.startServer();
        return kafka;
    }

    private static List<String> concat(List<String> a, Collection<String> b) {
        List<String> all = new ArrayList<>(a);
        b.stream().filter(u -> !all.contains(u)).forEach(all::add);
        return all;
    }

    /** Whether clients must authenticate (SASL/PLAIN) and ACLs apply. */
    public boolean secured() {
        return !users.isEmpty();
    }

    /**
     * Kafka client properties for {@code user} ({@code bootstrap.servers}, and in secured mode
     * {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config}); a mutable copy to add to.
     */
    public Map<String, Object> clientConfig(String user) {
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (secured()) {
            String password = users.get(user);
            if (password == null) {
                throw new IllegalArgumentException("no user " + user + " on this broker (users: " + users.keySet() + ")");
            }
            c.put("security.protocol", SASL_PLAINTEXT);
            c.put("sasl.mechanism", MECHANISM);
            c.put("sasl.jaas.config", jaas(user, password));
        }
        return c;
    }

    /** The harness's client properties: {@value #ADMIN} when secured, the bare bootstrap otherwise. */
    public Map<String, Object> adminConfig() {
        return clientConfig(ADMIN);
    }

    /** The users of a secured broker (empty in plaintext mode), {@value #BROKER} and {@value #ADMIN} included. */
    public Set<String> users() {
        return users.keySet();
    }

    /** Adds ACL bindings (as {@value #ADMIN}); an existing binding is left as it is. Secured mode only. */
    public void createAcls(Collection<AclBinding> bindings) {
        if (!secured()) {
            throw new IllegalStateException("this broker runs without an authorizer: ACLs need startSecured");
        }
        try (Admin admin = Admin.create(adminConfig())) {
            admin.createAcls(bindings).all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create ACLs: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating ACLs", e);
        }
    }

    private static String jaas(String user, String password) {
        return PLAIN_LOGIN + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    /** The server side of a listener: the node's own login plus every static user. */
    private String listenerJaas() {
        StringBuilder jaas = new StringBuilder(PLAIN_LOGIN + " required username=\"" + BROKER + "\" password=\""
                + users.get(BROKER) + "\"");
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
        return jaas.append(';').toString();
    }

    /**
     * A broker outage (fault-injection tests): shuts the broker down, keeping its log. {@link #restart} brings it back
     * on the same port with the same log, as a restarted pod would.
     */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts the broker again after {@link #stop}: same port, same log directory, same controller port. */
    public synchronized void restart() {
        if (server == null) {
            startServer();
        }
    }

    private void startServer() {
        if (controllerPort == 0) {
            controllerPort = Ports.free();
        }
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        if (secured()) {
            p.put("listeners", "SASL_PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + port);
            p.put("inter.broker.listener.name", "SASL_PLAINTEXT");
            // the controller listener authenticates too, so no unauthenticated (ANONYMOUS) principal needs rights
            p.put("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
            p.put("sasl.enabled.mechanisms", MECHANISM);
            p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
            p.put("sasl.mechanism.controller.protocol", MECHANISM);
            p.put("listener.name.sasl_plaintext.plain.sasl.jaas.config", listenerJaas());
            p.put("listener.name.controller.plain.sasl.jaas.config", listenerJaas());
            p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            p.put("super.users", "User:" + BROKER + ";User:" + ADMIN);
            p.put("allow.everyone.if.no.acl.found", "false");
        } else {
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        }
        p.put("log.dirs", logDir.toString());
        // single node: every internal topic has one replica
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // consumers join at once instead of waiting 3 s for more members
        p.put("group.initial.rebalance.delay.ms", "0");
        // secured: the harness creates every topic up front (no principal but the super users may create one)
        p.put("auto.create.topics.enable", String.valueOf(!secured()));
        p.put("num.partitions", "1");
        try {
            Files.createDirectories(logDir);
            KafkaConfig config = KafkaConfig.fromProps(p, false);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                new Formatter()
                        .setClusterId(Uuid.randomUuid().toString())
                        .setNodeId(1)
                        .setControllerListenerName("CONTROLLER")
                        .setMetadataLogDirectory(logDir.toString())
                        .setDirectories(Set.of(logDir.toString()))
                        .setReleaseVersion(MetadataVersion.latestProduction())
                        .run();
            }
            server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker in " + logDir + ": " + e.getMessage(), e);
        }
    }

    /** {@code 127.0.0.1:<port>}, the value for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Creates topics that do not exist yet; {@code compacted} ones get {@code cleanup.policy=compact}. */
    public void createTopics(Map<String, Integer> partitions, Set<String> compacted) {
        try (Admin admin = Admin.create(adminConfig())) {
            List<NewTopic> topics = new ArrayList<>();
            partitions.forEach((name, n) -> {
                NewTopic t = new NewTopic(name, n, (short) 1);
                if (compacted.contains(name)) {
                    t.configs(Map.of("cleanup.policy", "compact"));
                }
                topics.add(t);
            });
            for (var f : admin.createTopics(topics).values().values()) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic: " + e.getCause().getMessage(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    @Override
    public void close() {
        stop();
        if (deleteOnClose) {
            Ports.deleteRecursively(logDir);
        }
    }
}
