package io.deepunlearn.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker + controller) running inside this JVM, from
 * Apache Kafka's own jars: no Docker, no ZooKeeper. The log directory is formatted on first start and reused
 * afterwards, so a restart on the same directory keeps topics and records.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path logDir;
    private final boolean deleteOnClose;
    private final int port;
    private int controllerPort;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path logDir, boolean deleteOnClose, int port) {
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
        this.port = port;
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
        EmbeddedKafka kafka = new EmbeddedKafka(logDir, deleteOnClose, port == 0 ? Ports.free() : port);
        kafka.startServer();
        return kafka;
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
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
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
        p.put("auto.create.topics.enable", "true");
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
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
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
