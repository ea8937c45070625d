package io.deepunlearn.core.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.core.bench.ReportWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Best-trial selection of docs/reference.md#hp-search: per seed, the first {@code trials} trials of its study are scored by the L2
 * norm of their objectives (failed trials score +infinity); each seed's best trial is kept and the lowest score
 * across seeds wins (ties: the earlier trial, then the lower seed). That one hyperparameter set is what the
 * benchmark then runs on every seed.
 */
public final class TrialSelection {

    /** One seed's study: how many trials it holds, how many failed, and its best trial (null if all failed). */
    public record SeedBest(int seed, int trials, int failed, Trial best) {
    }

    /** The winner (null when every trial failed) and each seed's best. */
    public record Result(Trial best, List<SeedBest> perSeed, int trials) {
    }

    private TrialSelection() {
    }

    public static Result select(List<Trial> all, int trialsPerSeed) {
        Map<Integer, List<Trial>> bySeed = new TreeMap<>();
        for (Trial t : all) {
            bySeed.computeIfAbsent(t.seed(), k -> new ArrayList<>()).add(t);
        }
        Comparator<Trial> order = Comparator.comparingDouble(Trial::score).thenComparingInt(Trial::number)
                .thenComparingInt(Trial::seed);
        List<SeedBest> perSeed = new ArrayList<>();
        Trial best = null;
        int total = 0;
        for (Map.Entry<Integer, List<Trial>> e : bySeed.entrySet()) {
            List<Trial> kept = e.getValue().stream().sorted(Comparator.comparingInt(Trial::number))
                    .limit(trialsPerSeed).toList();
            total += kept.size();
            int failed = (int) kept.stream().filter(t -> !t.ok()).count();
            Trial seedBest = kept.stream().filter(Trial::ok).min(order).orElse(null);
            perSeed.add(new SeedBest(e.getKey(), kept.size(), failed, seedBest));
            if (seedBest != null && (best == null || order.compare(seedBest, best) < 0)) {
                best = seedBest;
            }
        }
        return new Result(best, perSeed, total);
    }

    /**
     * Writes {@code best.json}: {@code {"method", "hyperparameters", "objectives", "trials", "score", "seed",
     * "trial", "per_seed": [...], ...context}}, the file {@code bench --tuned} reads.
     */
    public static void writeBest(Path file, String method, Result r, Map<String, Object> context) {
        if (r.trials() == 0) {
            throw new IllegalStateException("no trials of " + method + " logged in " + file.resolveSibling("trials.jsonl"));
        }
        if (r.best() == null) {
            throw new IllegalStateException("every trial of " + method + " failed; no best.json written (see "
                    + file.resolveSibling("trials.jsonl") + ")");
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("method", method);
        doc.put("hyperparameters", r.best().hyperparameters());
        doc.put("objectives", r.best().objectives());
        doc.put("objective_names", TuningObjectives.NAMES);
        doc.put("trials", r.trials());
        doc.put("score", r.best().score());
        doc.put("seed", r.best().seed());
        doc.put("trial", r.best().number());
        doc.put("metrics", r.best().metrics());
        List<Map<String, Object>> seeds = new ArrayList<>();
        for (SeedBest s : r.perSeed()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("seed", s.seed());
            m.put("trials", s.trials());
            m.put("failed", s.failed());
            if (s.best() != null) {
                m.put("best_trial", s.best().number());
                m.put("score", s.best().score());
                m.put("objectives", s.best().objectives());
                m.put("hyperparameters", s.best().hyperparameters());
            }
            seeds.add(m);
        }
        doc.put("per_seed", seeds);
        doc.putAll(context);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ObjectMapper json = ReportWriter.json();
            json.writeValue(file.toFile(), doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
