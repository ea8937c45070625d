package io.deepunlearn.cli.dlq;

import io.deepunlearn.pipeline.messaging.DeadLetter;
import io.deepunlearn.pipeline.messaging.DeadLetterFilter;
import io.deepunlearn.pipeline.messaging.DeadLetterReplay;
import io.deepunlearn.pipeline.messaging.Topics;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code deepunlearn dlq list|replay}: look at a topic's dead letters and their reasons, then re-drive the ones whose
 * cause was fixed. Replaying is idempotent in effect (the consumers dedup by request / job id), so a replay that is
 * interrupted can simply be run again.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Dead letters: list them with their reasons, replay selected ones to their original topic.",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Replay.class})
public final class DlqCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options both sub-commands take. */
    static class Connection {
        @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
                description = "Kafka bootstrap servers (default: bootstrap.servers of --kafka-config, else"
                        + " $KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:9092).")
        String bootstrap;

        @Option(names = "--kafka-config", paramLabel = "FILE",
                description = {"Kafka client properties: security.protocol, sasl.*, ssl.* (and bootstrap.servers), as",
                    "for Kafka's own tools' --command-config. `deepunlearn up` writes the local stack's admin",
                    "credentials to <state-dir>/credentials/kafka-admin.properties; a secured broker refuses a",
                    "client without them."})
        java.nio.file.Path kafkaConfig;

        @Option(names = "--timeout", defaultValue = "PT15S", converter = DurationConverter.class,
                description = "Bound on each broker call (ISO-8601; default ${DEFAULT-VALUE}).")
        Duration timeout;

        DeadLetterReplay open() {
            Map<String, Object> client = new java.util.HashMap<>();
            if (kafkaConfig != null) {
                java.util.Properties p = new java.util.Properties();
                try (var in = java.nio.file.Files.newInputStream(kafkaConfig)) {
                    p.load(in);
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException("cannot read --kafka-config " + kafkaConfig + ": " + e.getMessage(), e);
                }
                p.stringPropertyNames().forEach(k -> client.put(k, p.getProperty(k)));
            }
            Object fromFile = client.remove("bootstrap.servers");
            String env = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            String servers = bootstrap != null ? bootstrap
                    : fromFile != null ? fromFile.toString()
                    : env != null && !env.isBlank() ? env : "127.0.0.1:9092";
            return new DeadLetterReplay(servers, timeout, client);
        }
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                Duration d = Duration.parse(value);
                if (d.isNegative() || d.isZero()) {
                    throw new CommandLine.TypeConversionException("timeout must be positive, got " + value);
                }
                return d;
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not an ISO-8601 duration (e.g. PT15S)");
            }
        }
    }

    static void print(PrintWriter out, DeadLetter d) {
        out.printf("%s-%d@%d  key=%s  from=%s  reason: %s%n    %s%n", d.dlqTopic(), d.partition(), d.offset(), d.key(),
                d.origin() == null ? d.originalTopic() : d.origin(), d.reason(), d.preview(160));
    }

    /** {@code dlq list [--topic T]}: every dead letter of T, or a count per reason for each pipeline topic. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List dead letters. With --topic: each one (position, key, origin, reason, payload).",
                "Without: the number per reason for each pipeline topic's dead-letter topic."})
    static final class ListLetters implements Callable<Integer> {

        @CommandLine.Mixin
        Connection connection = new Connection();

        @Option(names = "--topic", paramLabel = "TOPIC", description = "A pipeline topic (or its .dlq).")
        String topic;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (DeadLetterReplay dlq = connection.open()) {
                if (topic != null) {
                    List<DeadLetter> letters = dlq.read(topic);
                    letters.forEach(d -> print(out, d));
                    out.printf("%d dead letter(s) in %s%n", letters.size(), Topics.deadLetter(DeadLetterReplay.originalTopic(topic)));
                    return 0;
                }
                for (String t : Topics.defaults().all()) {
                    Map<String, Long> byReason = dlq.read(t).stream().collect(Collectors.groupingBy(
                            d -> String.valueOf(d.reason()), TreeMap::new, Collectors.counting()));
                    out.printf("%s: %d%n", Topics.deadLetter(t), byReason.values().stream().mapToLong(Long::longValue).sum());
                    byReason.forEach((reason, n) -> out.printf("    %5d  %s%n", n, reason));
                }
                return 0;
            }
        }
    }

    /** {@code dlq replay --topic T (--all | --offsets A-B | --reason TEXT)}: re-publish the selection. */
    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Re-publish selected dead letters of TOPIC to TOPIC (key, value and headers kept, the",
                "dead-letter headers dropped) after their cause was fixed. Select with --offsets and/or --reason, or",
                "--all. Safe to repeat: the pipeline dedups by request id; a record still invalid is dead-lettered",
                "again with its reason."})
    static final class Replay implements Callable<Integer> {

        @CommandLine.Mixin
        Connection connection = new Connection();

        @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "A pipeline topic (or its .dlq).")
        String topic;

        @Option(names = "--all", description = "Replay every dead letter of the topic.")
        boolean all;

        @Option(names = "--offsets", paramLabel = "FROM-TO", description = "Dead-letter offsets, inclusive (e.g. 3-7, or 5).")
        String offsets;

        @Option(names = "--partition", paramLabel = "P", description = "Only this partition of the dead-letter topic.")
        Integer partition;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Only dead letters whose reason contains TEXT (case-insensitive).")
        String reason;

        @Option(names = "--dry-run", description = "Show what would be replayed; send nothing.")
        boolean dryRun;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            DeadLetterFilter filter = filter();
            PrintWriter out = spec.commandLine().getOut();
            try (DeadLetterReplay dlq = connection.open()) {
                List<DeadLetter> selected = dlq.read(topic).stream().filter(filter).toList();
                selected.forEach(d -> print(out, d));
                int sent = dryRun ? 0 : dlq.replay(selected);
                out.printf("%s %d dead letter(s) of %s to %s%n", dryRun ? "would replay" : "replayed",
                        dryRun ? selected.size() : sent, Topics.deadLetter(DeadLetterReplay.originalTopic(topic)),
                        DeadLetterReplay.originalTopic(topic));
                return 0;
            }
        }

        private DeadLetterFilter filter() {
            if (all == (offsets != null || reason != null || partition != null)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "choose the dead letters: --all, or --offsets / --reason / --partition (not both)");
            }
            Long from = null;
            Long to = null;
            if (offsets != null) {
                String[] range = offsets.split("-", -1);
                try {
                    from = Long.parseLong(range[0].trim());
                    to = range.length == 1 ? from : Long.parseLong(range[1].trim());
                } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
                    throw bad("--offsets takes FROM-TO or one offset, got '" + offsets + "'");
                }
                if (range.length > 2 || from < 0) {
                    throw bad("--offsets takes FROM-TO or one offset, got '" + offsets + "'");
                }
            }
            try {
                return new DeadLetterFilter(partition, from, to, reason);
            } catch (IllegalArgumentException e) {
                throw bad(e.getMessage());
            }
        }

        private CommandLine.ParameterException bad(String message) {
            return new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }
}
