package io.deepunlearn.core.bench.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads a benchmark's {@code runs.jsonl} (one finished run per line) into per-seed arrays for
 * {@link SeedStatistics}, so the statistics can be computed for any recorded campaign without rerunning it:
 * {@code java -cp deepunlearn-cli.jar io.deepunlearn.core.bench.stats.RunsFile DIR/runs.jsonl [k]} prints the
 * table per (dataset, architecture). Failed runs count as missing seeds. Later lines win over earlier ones
 * (a resumed campaign).
 */
public final class RunsFile {

    private RunsFile() {
    }

    /** (dataset / arch) -> method -> per-seed values aligned on the sorted union of seeds. */
    public static Map<String, Map<String, SeedStatistics.MethodSeeds>> read(Path runsJsonl) {
        ObjectMapper json = new ObjectMapper();
        Map<String, Map<String, Map<Integer, JsonNode>>> groups = new LinkedHashMap<>();
        TreeSet<Integer> seeds = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(runsJsonl, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode r = json.readTree(line);
                int seed = r.path("seed").asInt();
                seeds.add(seed);
                groups.computeIfAbsent(r.path("dataset").asText() + " / " + r.path("arch").asText(),
                        k -> new LinkedHashMap<>()).computeIfAbsent(r.path("method").asText(), k -> new LinkedHashMap<>())
                        .put(seed, r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + runsJsonl, e);
        }
        List<Integer> order = new ArrayList<>(seeds);
        Map<String, Map<String, SeedStatistics.MethodSeeds>> out = new LinkedHashMap<>();
        groups.forEach((g, methods) -> {
            Map<String, SeedStatistics.MethodSeeds> m = new LinkedHashMap<>();
            methods.forEach((name, bySeed) -> m.put(name, new SeedStatistics.MethodSeeds(name,
                    values(bySeed, order, "retain_accuracy"), values(bySeed, order, "forget_accuracy"),
                    values(bySeed, order, "test_accuracy"), values(bySeed, order, "mia"),
                    values(bySeed, order, "indiscernibility"))));
            out.put(g, m);
        });
        return out;
    }

    private static double[] values(Map<Integer, JsonNode> bySeed, List<Integer> seeds, String field) {
        double[] v = new double[seeds.size()];
        for (int i = 0; i < v.length; i++) {
            JsonNode r = bySeed.get(seeds.get(i));
            v[i] = r == null || !"ok".equals(r.path("status").asText()) || !r.path(field).isNumber() ? Double.NaN
                    : r.path(field).asDouble();
        }
        return v;
    }

    /** The statistics table of every group in a runs.jsonl. */
    public static String markdown(Path runsJsonl, double k) {
        StringBuilder sb = new StringBuilder();
        read(runsJsonl).forEach((g, methods) -> {
            SeedStatistics.MethodSeeds retrain = methods.get("Retrain");
            SeedStatistics.MethodSeeds original = methods.get("Original");
            if (retrain == null || original == null) {
                sb.append("## ").append(g).append("\n\nno Retrain or Original runs\n\n");
                return;
            }
            List<SeedStatistics.MethodSeeds> rest = methods.values().stream()
                    .filter(m -> !m.method().equals("Retrain") && !m.method().equals("Original")).toList();
            sb.append("## ").append(g).append("\n\n")
                    .append(SeedStatisticsTable.markdown(SeedStatistics.compute(retrain, original, rest, k), k))
                    .append('\n');
        });
        return sb.toString();
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: RunsFile DIR/runs.jsonl [k (interval half-width in SE, default 2)]");
            System.exit(2);
        }
        double k = args.length > 1 ? Double.parseDouble(args[1]) : RankGroups.DEFAULT_K;
        System.out.print(markdown(Path.of(args[0]), k));
    }
}
