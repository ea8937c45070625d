package io.deepunlearn.core.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes results.json, leaderboard.md, leaderboard.csv and report.html into the output directory. */
public final class ReportWriter {

    private ReportWriter() {
    }

    /** Snake-case JSON with non-finite doubles written as null (JSON has no NaN). */
    public static ObjectMapper json() {
        SimpleModule finite = new SimpleModule().addSerializer(Double.class, new StdSerializer<>(Double.class) {
            @Override
            public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
                if (v == null || !Double.isFinite(v)) {
                    g.writeNull();
                } else {
                    g.writeNumber(v);
                }
            }
        });
        finite.addSerializer(double.class, new StdSerializer<>(double.class) {
            @Override
            public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
                if (!Double.isFinite(v)) {
                    g.writeNull();
                } else {
                    g.writeNumber(v);
                }
            }
        });
        return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .registerModule(finite).enable(SerializationFeature.INDENT_OUTPUT);
    }

    public static void writeAll(BenchmarkResults results, Path dir) {
        try {
            Files.createDirectories(dir);
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("runs", results.runs());
            doc.put("summary", results.summary());
            List<Aggregation.AverageRank> avg = Aggregation.averageRanks(results.summary());
            if (results.datasets().size() * results.config().architectures().size() > 1) {
                doc.put("average_ranks", avg);
            }
            doc.put("parity_variants", ParityVariants.used(results.runs()));
            doc.put("datasets", results.datasets());
            doc.put("config", PathRedaction.tree(json().valueToTree(results.config()))); // no machine paths
            doc.put("environment", results.environment());
            json().writeValue(dir.resolve("results.json").toFile(), doc);
            Files.writeString(dir.resolve("leaderboard.md"), Leaderboard.markdown(results), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("leaderboard.csv"), Leaderboard.csv(results.summary(), results.metrics()), StandardCharsets.UTF_8);
            String ulira = UliraSection.render(dir.resolve("ulira.json")); // ROC plots when U-LiRA ran into DIR
            Files.writeString(dir.resolve("report.html"), HtmlReport.render(results, ulira), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark report to " + dir, e);
        }
    }

    static String fmt(Double v, int digits) {
        return v == null || !Double.isFinite(v) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    static String pm(Double mean, Double std) {
        if (mean == null) {
            return "n/a";
        }
        return fmt(mean, 3) + (std == null || std == 0 ? "" : " ± " + fmt(std, 3));
    }
}
