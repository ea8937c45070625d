package io.deepunlearn.core.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.deepunlearn.core.bench.ReportWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trial log {@code trials.jsonl}: one JSON object per finished trial, appended (and flushed to disk) as soon as
 * the trial ends, so an interrupted search loses at most the running trial. Appends take an exclusive file lock,
 * so several processes (one per seed) can share one log. A line cut short by a crash is skipped on reading and
 * terminated before the next append.
 */
public final class TrialStore {

    private static final Logger LOG = LoggerFactory.getLogger(TrialStore.class);
    private static final ObjectMapper JSON = ReportWriter.json().copy().disable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;

    public TrialStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Every readable trial, in file order. */
    public List<Trial> readAll() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<Trial> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            try {
                out.add(parse(JSON.readTree(line)));
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}:{}: skipping an unreadable trial line (interrupted write?): {}", file, i + 1, e.getMessage());
            }
        }
        return out;
    }

    /** The trials of one study (seed), deduplicated by trial number and sorted by it. */
    public List<Trial> study(int seed) {
        Map<Integer, Trial> byNumber = new java.util.TreeMap<>();
        for (Trial t : readAll()) {
            if (t.seed() == seed) {
                byNumber.putIfAbsent(t.number(), t);
            }
        }
        return new ArrayList<>(byNumber.values());
    }

    public void append(Trial t) {
        byte[] line = (toJson(t) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
                 FileLock lock = ch.lock()) {
                long size = ch.size();
                ByteBuffer buf;
                if (size > 0 && !endsWithNewline(ch, size)) {
                    buf = ByteBuffer.allocate(line.length + 1).put((byte) '\n').put(line).flip();
                } else {
                    buf = ByteBuffer.wrap(line);
                }
                ch.position(size);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    private static boolean endsWithNewline(FileChannel ch, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        return last.get(0) == '\n';
    }

    static String toJson(Trial t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", t.seed());
        m.put("trial", t.number());
        m.put("status", t.status());
        m.put("score", t.ok() ? t.score() : null);
        m.put("objectives", t.objectives());
        m.put("hyperparameters", t.hyperparameters());
        m.put("unit", t.unit());
        m.put("metrics", t.metrics());
        m.put("seconds", t.seconds());
        m.put("error", t.error());
        try {
            return JSON.writeValueAsString(m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Trial parse(JsonNode n) {
        String status = n.get("status").asText();
        double[] objectives = doubles(n.get("objectives"));
        Map<String, Object> hp = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.get("hyperparameters").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            hp.put(e.getKey(), v.isIntegralNumber() ? (Object) v.asInt() : v.isNumber() ? (Object) v.asDouble()
                    : v.isBoolean() ? (Object) v.asBoolean() : v.asText());
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        JsonNode mn = n.get("metrics");
        if (mn != null && mn.isObject()) {
            mn.fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().isNumber() ? e.getValue().asDouble()
                    : Double.NaN));
        }
        JsonNode err = n.get("error");
        return new Trial(n.get("seed").asInt(), n.get("trial").asInt(), status, doubles(n.get("unit")), hp,
                objectives, metrics, n.path("seconds").asDouble(0), err == null || err.isNull() ? null : err.asText());
    }

    private static double[] doubles(JsonNode a) {
        if (a == null || !a.isArray()) {
            return null;
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).isNumber() ? a.get(i).asDouble() : Double.NaN;
        }
        return out;
    }
}
