package io.deepunlearn.core.method;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders docs/methods.md from the method catalogue ({@link Methods#all()}): per method its name, the reference
 * repository's key, its defaults and its search space. E_max-dependent bounds are found by rendering the space at two
 * E_max values, so a bound that tracks E_max is written as "E_max" rather than a number. {@code MethodsDocTest}
 * fails when the file is out of date; {@link #REGENERATE} rewrites it.
 */
public final class MethodsDoc {

    /** The command that rewrites docs/methods.md (from the repository root). */
    public static final String REGENERATE =
            "./mvnw -B -q -pl unlearning-core test -Dtest=MethodsDocTest -Dmethods.doc.write=true";

    private static final int PROBE = 1000;

    private MethodsDoc() {
    }

    /** Writes the page to {@code args[0]} (default docs/methods.md). */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/methods.md");
        Files.writeString(out, render(), StandardCharsets.UTF_8);
    }

    public static String render() {
        StringBuilder sb = new StringBuilder("# Unlearning methods\n\n");
        sb.append("<!-- Generated from the method catalogue by io.deepunlearn.core.method.MethodsDoc: do not edit.\n")
                .append("     Regenerate with: ").append(REGENERATE).append(" -->\n\n");
        sb.append("The ").append(Methods.all().size()).append(" methods of the benchmark, in catalogue order")
                .append(" (`Methods.all()`). `--methods` and `--set` accept\n")
                .append("the name or the reference key (the reference repository's method key). The defaults apply")
                .append(" unless `--set`,\n`--config` or `--tuned` override them (docs/benchmark.md); `tune` samples")
                .append(" the search space (docs/tuning.md),\nwhere E_max = ceil(0.2 × the original training epochs).\n\n");
        sb.append("| method | reference key | implementation | hyperparameters | searched |\n|---|---|---|---:|---:|\n");
        for (UnlearningMethod m : Methods.all()) {
            List<SearchSpace.Dimension> space = m.searchSpace(PROBE).dimensions();
            long searched = space.stream().filter(d -> d.kind() != SearchSpace.Kind.FIXED).count();
            sb.append("| [").append(m.name()).append("](#").append(anchor(m)).append(") | `").append(m.referenceKey())
                    .append("` | `").append(m.getClass().getSimpleName()).append("` | ")
                    .append(m.defaults().asMap().size()).append(" | ").append(searched).append(" |\n");
        }
        for (UnlearningMethod m : Methods.all()) {
            section(sb, m);
        }
        return sb.toString();
    }

    private static void section(StringBuilder sb, UnlearningMethod m) {
        sb.append("\n## ").append(m.name()).append(" (`").append(m.referenceKey()).append("`)\n\n");
        sb.append("`").append(m.getClass().getName()).append("`\n\n");
        Map<String, String> space = space(m);
        Map<String, Object> defaults = m.defaults().asMap();
        sb.append("| hyperparameter | default | search space |\n|---|---|---|\n");
        for (Map.Entry<String, Object> e : defaults.entrySet()) {
            sb.append("| `").append(e.getKey()).append("` | ").append(value(e.getValue())).append(" | ")
                    .append(space.getOrDefault(e.getKey(), "not searched")).append(" |\n");
        }
        space.forEach((k, v) -> {
            if (!defaults.containsKey(k)) {
                sb.append("| `").append(k).append("` | – | ").append(v).append(" |\n");
            }
        });
    }

    /** Each dimension's description, with bounds that follow E_max written as "E_max". */
    private static Map<String, String> space(UnlearningMethod m) {
        List<SearchSpace.Dimension> a = m.searchSpace(PROBE).dimensions();
        List<SearchSpace.Dimension> b = m.searchSpace(PROBE + 1).dimensions();
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < a.size(); i++) {
            SearchSpace.Dimension d = a.get(i);
            String low = bound(d.low(), b.get(i).low());
            String high = bound(d.high(), b.get(i).high());
            out.put(d.name(), switch (d.kind()) {
                case FLOAT -> "uniform [" + low + ", " + high + "]";
                case LOG_FLOAT -> "log-uniform [" + low + ", " + high + "]";
                case INT -> "integer [" + low + ", " + high + "]";
                case CATEGORICAL -> d.choices().stream().map(MethodsDoc::number).collect(Collectors.joining(", ", "{", "}"));
                case FIXED -> "fixed at " + low;
            });
        }
        return out;
    }

    private static String bound(double atProbe, double atNextProbe) {
        if (atProbe == atNextProbe) {
            return number(atProbe);
        }
        return atProbe == PROBE && atNextProbe == PROBE + 1 ? "E_max" : "f(E_max)";
    }

    private static String value(Object v) {
        if (v instanceof Double d) {
            return number(d);
        }
        if (v instanceof List<?> list) {
            return list.stream().map(MethodsDoc::value).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(v);
    }

    /** 0.1, 5e-4, 64, 3.2: integers without ".0", small numbers in e-notation. */
    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e9) {
            return String.valueOf((long) d);
        }
        return Double.toString(d).replace(".0E", "e").replace("E", "e");
    }

    /** GitHub's heading anchor for "NAME (`key`)". */
    private static String anchor(UnlearningMethod m) {
        return (m.name() + " " + m.referenceKey()).toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 _-]", "")
                .replace(' ', '-');
    }
}
