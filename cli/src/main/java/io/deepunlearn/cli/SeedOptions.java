package io.deepunlearn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The seeds of a multi-seed command (bench, tune), one syntax everywhere: {@code --seeds N} is a count (seeds
 * 0..N-1), {@code --seed-list 0,3,7} exactly those seeds. A command declares it as a mutually exclusive group,
 * {@code @ArgGroup(exclusive = true) SeedOptions seeds}, which is null when neither option is given. Malformed
 * values ({@code --seeds 3,}, {@code --seeds 0}, {@code --seed-list 3,}) are usage errors (exit 2).
 */
final class SeedOptions {

    /** Parsed seeds (a wrapper, so that picocli converts the whole value rather than each element). */
    record Seeds(List<Integer> values) {
    }

    @Option(names = "--seeds", paramLabel = "N", converter = CountConverter.class,
            description = "Number of seeds: N means seeds 0..N-1.")
    Seeds count;

    @Option(names = "--seed-list", paramLabel = "S,S,...", converter = ListConverter.class,
            description = "Exactly these seeds, e.g. 0,3,7 (instead of --seeds).")
    Seeds list;

    /** The chosen seeds, or {@code fallback} when {@code options} is null (neither option given). */
    static List<Integer> resolve(SeedOptions options, List<Integer> fallback) {
        if (options == null) {
            return fallback;
        }
        return (options.count != null ? options.count : options.list).values();
    }

    /** Seeds 0..n-1 (n >= 1). */
    static List<Integer> first(int n) {
        if (n < 1) {
            throw new IllegalArgumentException(n + " is not a number of seeds: N >= 1 means seeds 0..N-1; for the "
                    + "single seed " + n + " use --seed-list " + n);
        }
        return IntStream.range(0, n).boxed().toList();
    }

    /** A count and nothing else: "3" is seeds 0, 1, 2; "3," and "0,1" are errors that point to --seed-list. */
    static List<Integer> parseCount(String text) {
        String t = text.trim();
        if (!t.matches("\\d{1,9}")) {
            String seeds = t.replaceAll("[^0-9,]", "").replaceAll(",+", ",").replaceAll("^,|,$", "");
            throw new IllegalArgumentException("'" + text + "' is not a number of seeds: --seeds N means seeds "
                    + "0..N-1; for explicit seeds use --seed-list " + (seeds.isEmpty() ? "0,3,7" : seeds));
        }
        return first(Integer.parseInt(t));
    }

    /** Comma-separated, distinct seeds >= 0; an empty element (e.g. "3,") is an error. */
    static List<Integer> parseList(String text) {
        List<Integer> out = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            if (!p.matches("\\d{1,9}") || out.contains(Integer.parseInt(p))) {
                throw new IllegalArgumentException("'" + text + "' is not a list of seeds: --seed-list takes "
                        + "distinct seeds >= 0 separated by commas, such as 0,3,7");
            }
            out.add(Integer.parseInt(p));
        }
        return List.copyOf(out);
    }

    /** picocli's adapter: a malformed count is a usage error. */
    static final class CountConverter implements CommandLine.ITypeConverter<Seeds> {
        @Override
        public Seeds convert(String value) {
            try {
                return new Seeds(parseCount(value));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** picocli's adapter: a malformed list is a usage error. */
    static final class ListConverter implements CommandLine.ITypeConverter<Seeds> {
        @Override
        public Seeds convert(String value) {
            try {
                return new Seeds(parseList(value));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
