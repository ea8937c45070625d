package io.deepunlearn.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** The metric names rules and dashboards may use: the services' contract plus the exporters' series. */
final class MetricsContract {

    /** Labels every scraped series carries (Prometheus target labels, ServiceMonitor/PodMonitor extras). */
    static final Set<String> TARGET_LABELS = Set.of("job", "instance", "namespace", "pod", "service", "container", "endpoint");

    enum Type {
        COUNTER(""), GAUGE(""), TIMER("_count", "_sum", "_max"), TIMER_HISTOGRAM("_count", "_sum", "_max", "_bucket"),
        SUMMARY("_count", "_sum", "_max");

        private final List<String> suffixes;

        Type(String... suffixes) {
            this.suffixes = List.of(suffixes);
        }

        static Type parse(String text) {
            return valueOf(text.toUpperCase().replace('-', '_'));
        }
    }

    /** One contract metric: Prometheus base name, meter type, tag keys and the service that emits it. */
    record Metric(String name, Type type, List<String> tags, String service) {

        /** Series names this meter produces in the Prometheus exposition. */
        List<String> seriesNames() {
            return type.suffixes.stream().map(s -> name + s).toList();
        }

        /** Micrometer meter name that maps to this Prometheus name (naming convention adds _total / _seconds). */
        String micrometerName() {
            String base = name;
            if (type == Type.COUNTER) {
                base = base.replaceFirst("_total$", "");
            } else if (type == Type.TIMER || type == Type.TIMER_HISTOGRAM) {
                base = base.replaceFirst("_seconds$", "");
            }
            return base.replace('_', '.');
        }
    }

    /** An exporter series with the labels it carries. */
    record External(String name, Set<String> labels) {}

    private static final List<Metric> METRICS = rows("metrics-contract.txt").map(c -> new Metric(c[0], Type.parse(c[1]),
            c[2].equals("-") ? List.of() : List.of(c[2].split(",")), c[3])).toList();
    private static final List<External> EXTERNAL = rows("external-metrics.txt")
            .map(c -> new External(c[0], c[1].equals("-") ? Set.of() : Set.of(c[1].split(",")))).toList();

    private MetricsContract() {}

    static List<Metric> metrics() {
        return METRICS;
    }

    static List<External> external() {
        return EXTERNAL;
    }

    /** Series name to the labels it may be selected or grouped by. */
    static Map<String, Set<String>> seriesLabels() {
        Map<String, Set<String>> labels = new LinkedHashMap<>();
        for (Metric m : METRICS) {
            for (String series : m.seriesNames()) {
                Set<String> allowed = new HashSet<>(m.tags());
                if (series.endsWith("_bucket")) {
                    allowed.add("le");
                }
                labels.put(series, allowed);
            }
        }
        EXTERNAL.forEach(e -> labels.put(e.name(), e.labels()));
        return labels;
    }

    private static Stream<String[]> rows(String resource) {
        try (InputStream in = MetricsContract.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.split("\\s+", 4)).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
