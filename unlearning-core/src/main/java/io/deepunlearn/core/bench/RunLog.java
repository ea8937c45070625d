package io.deepunlearn.core.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finished runs of a campaign, one JSON line each in {@code DIR/runs.jsonl}, written as they finish. Rerunning the
 * same campaign into the same directory skips what is already there, so an interrupted benchmark resumes instead
 * of starting over. {@code DIR/campaign.txt} holds the campaign's fingerprint; another campaign in the same
 * directory is refused rather than mixed in.
 */
final class RunLog {

    private final Path file;
    private final ObjectMapper json = ReportWriter.json().disable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<String, RunResult> done = new LinkedHashMap<>();

    RunLog(Path dir, String fingerprint) {
        this(dir, fingerprint, true);
    }

    /**
     * The log of a campaign already started in {@code dir} with this fingerprint, read only: refused (rather than
     * created empty) when {@code dir} holds no campaign or another one.
     */
    static RunLog existing(Path dir, String fingerprint) {
        if (!Files.exists(dir.resolve("campaign.txt"))) {
            throw new IllegalArgumentException(dir + " holds no campaign (no campaign.txt); run the benchmark first");
        }
        return new RunLog(dir, fingerprint, false);
    }

    private RunLog(Path dir, String fingerprint, boolean create) {
        this.file = dir.resolve("runs.jsonl");
        try {
            if (create) {
                Files.createDirectories(dir);
            }
            Path marker = dir.resolve("campaign.txt");
            if (Files.exists(marker)) {
                String existing = Files.readString(marker).trim();
                if (!existing.equals(fingerprint)) {
                    throw new IllegalArgumentException(dir + " holds the runs of another campaign (" + existing
                            + "); choose another --out or delete that directory");
                }
            } else {
                Files.writeString(marker, fingerprint + "\n");
                Files.deleteIfExists(file);
            }
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        RunResult r = json.readValue(line, RunResult.class);
                        done.put(key(r.dataset(), r.arch(), r.method(), r.seed()), r);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the run log in " + dir, e);
        }
    }

    static String key(String dataset, String arch, String method, int seed) {
        return dataset + "|" + arch + "|" + method + "|" + seed;
    }

    /** The latest recorded run, failed or not; null when it never finished. */
    RunResult recorded(String dataset, String arch, String method, int seed) {
        return done.get(key(dataset, arch, method, seed));
    }

    /** The finished, successful run; failed runs are not returned, so a resumed campaign retries them. */
    RunResult find(String dataset, String arch, String method, int seed) {
        RunResult r = done.get(key(dataset, arch, method, seed));
        return r != null && r.ok() ? r : null;
    }

    int size() {
        return done.size();
    }

    void append(RunResult r) {
        try {
            Files.writeString(file, json.writeValueAsString(r) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            done.put(key(r.dataset(), r.arch(), r.method(), r.seed()), r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /** A stable fingerprint of everything that determines the runs (not the output or cache location). */
    static String fingerprint(BenchConfig c, Map<String, ?> resolvedHyperparameters) {
        String text = String.join("|", "v1", c.datasets().toString(), c.architectures().toString(),
                c.seeds().toString(), String.valueOf(c.trainSize()), String.valueOf(c.testSize()),
                String.valueOf(c.epochs()), String.valueOf(c.batchSize()), String.valueOf(c.learningRate()),
                resolvedHyperparameters.toString(), String.valueOf(c.quick()));
        return io.deepunlearn.core.util.Hashing.sha256(text).substring(0, 16);
    }

    List<RunResult> all() {
        return List.copyOf(done.values());
    }
}
