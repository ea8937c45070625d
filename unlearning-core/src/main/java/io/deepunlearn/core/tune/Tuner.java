package io.deepunlearn.core.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.core.bench.ReportWriter;
import io.deepunlearn.core.method.UnlearningMethod;
import io.deepunlearn.core.train.ProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hyperparameter search of docs/reference.md#hp-search for one method: one study per seed (a sampler seeded with the seed, over
 * {@code method.searchSpace(E_max)}), each holding {@code trials} trials, then best-trial selection into
 * {@code DIR/best.json}. Finished trials go to {@code DIR/trials.jsonl} as they end; running the same search again
 * (same DIR) replays the log and continues each study's trial count, and a larger {@code trials} extends it.
 * {@code DIR/study.json} pins what the log belongs to (method, sampler, E_max, data and scale), so a log is never
 * mixed with another configuration's.
 */
public final class Tuner {

    /**
     * @param context what the trials depend on besides the method (dataset, arch, scale ...); recorded in
     *                study.json and best.json
     */
    public record Settings(List<Integer> seeds, int trials, String sampler, int maxEpochs, Map<String, Object> context) {
        public Settings {
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("need at least one search seed");
            }
            if (trials < 1) {
                throw new IllegalArgumentException("--trials must be >= 1, got " + trials);
            }
            if (maxEpochs < 1) {
                throw new IllegalArgumentException("E_max must be >= 1, got " + maxEpochs);
            }
            Sampler.named(sampler);
            context = context == null ? Map.of() : context;
        }
    }

    private final UnlearningMethod method;
    private final Settings settings;
    private final Path outDir;
    private final TrialEvaluator evaluator;
    private final ProgressListener progress;

    public Tuner(UnlearningMethod method, Settings settings, Path outDir, TrialEvaluator evaluator,
                 ProgressListener progress) {
        this.method = method;
        this.settings = settings;
        this.outDir = outDir;
        this.evaluator = evaluator;
        this.progress = progress;
    }

    public Path trialsFile() {
        return outDir.resolve("trials.jsonl");
    }

    /** Runs (or resumes) every seed's study, then selects the best trial and writes best.json. */
    public TrialSelection.Result run() {
        runStudies();
        return select();
    }

    /** Runs (or resumes) every seed's study, appending each finished trial to the log. */
    public void runStudies() {
        checkStudyFile();
        TrialStore store = new TrialStore(trialsFile());
        ParameterEncoding encoding = new ParameterEncoding(method.searchSpace(settings.maxEpochs()));
        Sampler sampler = Sampler.named(settings.sampler());
        long total = (long) settings.seeds().size() * settings.trials();
        long[] done = {0};
        double[] best = {Double.POSITIVE_INFINITY};
        progress.start("tune " + method.name(), total);
        for (int seed : settings.seeds()) {
            List<Trial> previous = store.study(seed);
            int logged = Math.min(previous.size(), settings.trials());
            done[0] += logged;
            previous.stream().limit(settings.trials()).forEach(t -> best[0] = Math.min(best[0], t.score()));
            progress.step(done[0], "seed " + seed + ": " + logged + " trials logged");
            Study study = new Study(seed, settings.trials(), previous, store, encoding, method.defaults(), evaluator,
                    t -> {
                        best[0] = Math.min(best[0], t.score());
                        progress.step(++done[0], String.format(Locale.ROOT, "seed %d trial %d: %s (best %.4f)",
                                t.seed(), t.number(), t.ok() ? String.format(Locale.ROOT, "%.4f", t.score())
                                        : "failed", best[0]));
                    });
            sampler.run(study, encoding.size(), settings.trials(), seed);
        }
    }

    /** Best-trial selection over the logged studies of the settings' seeds, written to best.json. */
    public TrialSelection.Result select() {
        checkStudyFile();
        TrialStore store = new TrialStore(trialsFile());
        TrialSelection.Result result = TrialSelection.select(store.readAll().stream()
                .filter(t -> settings.seeds().contains(t.seed())).toList(), settings.trials());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("sampler", Sampler.named(settings.sampler()).name());
        context.put("seeds", settings.seeds());
        context.put("trials_per_seed", settings.trials());
        context.put("max_epochs", settings.maxEpochs());
        context.putAll(settings.context());
        TrialSelection.writeBest(outDir.resolve("best.json"), method.name(), result, context);
        progress.finish(String.format(Locale.ROOT, "%s: %d trials, best score %.4f (seed %d, trial %d)", method.name(),
                result.trials(), result.best().score(), result.best().seed(), result.best().number()));
        return result;
    }

    /** Creates study.json, or checks that the existing one describes this same search. */
    private void checkStudyFile() {
        Map<String, Object> pinned = new LinkedHashMap<>();
        pinned.put("method", method.name());
        pinned.put("sampler", Sampler.named(settings.sampler()).name());
        pinned.put("max_epochs", settings.maxEpochs());
        pinned.put("context", settings.context());
        Path file = outDir.resolve("study.json");
        ObjectMapper json = ReportWriter.json();
        try {
            Files.createDirectories(outDir);
            JsonNode wanted = json.valueToTree(pinned);
            if (Files.isRegularFile(file)) {
                JsonNode existing = json.readTree(file.toFile());
                if (!existing.equals(wanted)) {
                    throw new IllegalArgumentException(outDir + " holds a search with other settings (" + existing
                            + "); use another --out, or the same settings to resume it");
                }
            } else {
                json.writeValue(file.toFile(), wanted);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + file, e);
        }
    }
}
