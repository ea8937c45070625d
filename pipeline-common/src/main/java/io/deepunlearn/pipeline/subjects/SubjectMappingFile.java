package io.deepunlearn.pipeline.subjects;

import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import io.deepunlearn.pipeline.messaging.EventCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * A subject-mapping file: which data subject each sample belongs to, one sample per row. Two formats:
 * <pre>
 *   CSV (text/csv)                 sample_id,subject_id          the header is row 1
 *                                  17,alice@example.com          RFC 4180 quoting within one line
 *   JSONL (application/x-ndjson)   {"sampleId": 17, "subjectId": "alice@example.com"}
 * </pre>
 * A file is taken whole or not at all: every problem is reported with its row (the file's line number, 1-based)
 * and reason, without echoing subject ids (they are personal data and must not reach logs). Rows are checked for
 * syntax ({@link #parse}), then against the dataset and the mapping imported so far ({@link #validate}), which
 * reports the problems of both steps together, in row order.
 */
public final class SubjectMappingFile {

    /** Problems listed at most (a file with more is still refused, with a note that more exist). */
    public static final int MAX_PROBLEMS = 50;
    public static final int MAX_SUBJECT_ID_CHARS = 256;
    public static final String CSV_HEADER = "sample_id,subject_id";
    /** One CSV record (without a schema Jackson exposes it as an array of its fields). */
    private static final ObjectReader CSV_ROW = new CsvMapper().readerFor(String[].class);

    private SubjectMappingFile() {
    }

    public enum Format {
        CSV, JSONL;

        /** From a request's Content-Type: text/csv, or application/x-ndjson (also application/jsonl). */
        public static Format ofMediaType(String contentType) {
            String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
            return switch (type) {
                case "text/csv" -> CSV;
                case "application/x-ndjson", "application/jsonl", "application/x-jsonlines" -> JSONL;
                default -> throw new IllegalArgumentException("unsupported content type '" + contentType
                        + "': send text/csv or application/x-ndjson");
            };
        }

        /** From a file name: .csv, or .jsonl / .ndjson. */
        public static Format ofFileName(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.endsWith(".csv")) {
                return CSV;
            }
            if (n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
                return JSONL;
            }
            throw new IllegalArgumentException(name + ": a subject mapping is a .csv or a .jsonl/.ndjson file");
        }

        public String mediaType() {
            return this == CSV ? "text/csv" : "application/x-ndjson";
        }
    }

    /** One mapping row: {@code row} is its line in the file. */
    public record Row(int row, int sampleId, String subjectId) {
        @Override
        public String toString() {
            return "Row[row=" + row + ", sampleId=" + sampleId + "]"; // never the subject id
        }
    }

    public record Problem(int row, String reason) {
        @Override
        public String toString() {
            return "row " + row + ": " + reason;
        }
    }

    record JsonRow(Long sampleId, String subjectId) {
    }

    /** The well-formed rows and the problems of the others (the file is refused by {@link #validate} if any). */
    public record Parsed(List<Row> rows, List<Problem> problems, boolean truncated) {
    }

    /** Parses every row, collecting the malformed ones as problems. */
    public static Parsed parse(byte[] bytes, Format format) {
        Problems problems = new Problems();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.add(1, "the file is not UTF-8 text");
            return problems.parsed(List.of());
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the final newline(s)
        }
        List<Row> rows = new ArrayList<>();
        int first = 0;
        if (format == Format.CSV) {
            if (lines.isEmpty() || !CSV_HEADER.equals(lines.get(0).trim())) {
                problems.add(1, "expected the header '" + CSV_HEADER + "'");
                return problems.parsed(List.of());
            }
            first = 1;
        }
        for (int i = first; i < lines.size() && !problems.full(); i++) {
            int row = i + 1;
            String line = lines.get(i);
            if (line.isBlank()) {
                problems.add(row, "empty row");
                continue;
            }
            try {
                rows.add(format == Format.CSV ? csvRow(row, line) : jsonRow(row, line));
            } catch (IllegalArgumentException e) {
                problems.add(row, e.getMessage());
            }
        }
        if (rows.isEmpty() && problems.isEmpty()) {
            problems.add(Math.max(1, lines.size()), "no mapping rows");
        }
        return problems.parsed(rows);
    }

    private static Row csvRow(int row, String line) {
        String[] fields;
        try {
            fields = CSV_ROW.readValue(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a CSV row (" + firstLine(e) + ")");
        }
        if (fields == null || fields.length != 2) {
            throw new IllegalArgumentException("expected 2 fields (sample_id,subject_id), got "
                    + (fields == null ? 0 : fields.length));
        }
        if (!fields[0].matches("[0-9]{1,10}") || Long.parseLong(fields[0]) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sample_id is not an integer in 0.." + Integer.MAX_VALUE);
        }
        return new Row(row, Integer.parseInt(fields[0]), checkSubjectId(fields[1]));
    }

    private static Row jsonRow(int row, String line) {
        JsonRow r;
        try {
            r = EventCodec.JSON.readValue(line, JsonRow.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object {\"sampleId\": integer, \"subjectId\": string} ("
                    + firstLine(e) + ")");
        }
        if (r == null || r.sampleId() == null || r.subjectId() == null) {
            throw new IllegalArgumentException("sampleId and subjectId are both required");
        }
        if (r.sampleId() < 0 || r.sampleId() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sampleId is not an integer in 0.." + Integer.MAX_VALUE);
        }
        return new Row(row, (int) (long) r.sampleId(), checkSubjectId(r.subjectId()));
    }

    private static String checkSubjectId(String id) {
        if (id.isEmpty()) {
            throw new IllegalArgumentException("subject id is empty");
        }
        if (id.length() > MAX_SUBJECT_ID_CHARS) {
            throw new IllegalArgumentException("subject id is longer than " + MAX_SUBJECT_ID_CHARS + " characters");
        }
        if (!id.strip().equals(id)) {
            throw new IllegalArgumentException("subject id has leading or trailing white space");
        }
        if (id.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("subject id contains control characters");
        }
        return id;
    }

    private static String firstLine(Exception e) {
        String m = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
        // Jackson quotes the offending input; keep the message, not the (possibly personal) content after it
        m = m.lines().findFirst().orElse("");
        int quote = m.indexOf('\'');
        return (quote > 0 ? m.substring(0, quote) : m).trim();
    }

    /**
     * Checks parsed rows against the dataset and the mapping so far and returns them as pseudonym -> sample ids,
     * without the rows that repeat what was imported before (re-sending a file is harmless). Refused: a sample
     * that is not in the dataset ({@code inDataset}), a sample listed twice in the file, a sample that already
     * belongs to another subject ({@code earlier}: sample id -> pseudonym).
     */
    public static Map<String, List<Integer>> validate(Parsed parsed, String datasetId, IntPredicate inDataset,
                                                      Map<Integer, String> earlier, SubjectPseudonymizer pseudonyms) {
        Problems problems = new Problems();
        parsed.problems().forEach(p -> problems.add(p.row(), p.reason()));
        problems.truncated |= parsed.truncated();
        List<Row> rows = parsed.rows();
        Map<Integer, Integer> firstRow = new HashMap<>();
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        for (Row r : rows) {
            if (problems.full()) {
                break;
            }
            if (!inDataset.test(r.sampleId())) {
                problems.add(r.row(), "sample " + r.sampleId() + " is not in dataset " + datasetId);
                continue;
            }
            Integer seen = firstRow.putIfAbsent(r.sampleId(), r.row());
            if (seen != null) {
                problems.add(r.row(), "sample " + r.sampleId() + " is already listed at row " + seen
                        + " (a sample belongs to one subject)");
                continue;
            }
            String ref = pseudonyms.subjectRef(datasetId, r.subjectId());
            String before = earlier.get(r.sampleId());
            if (before != null && !before.equals(ref)) {
                problems.add(r.row(), "sample " + r.sampleId() + " already belongs to another subject (imported earlier)");
                continue;
            }
            if (before == null) {
                out.computeIfAbsent(ref, k -> new ArrayList<>()).add(r.sampleId());
            }
        }
        problems.throwIfAny();
        out.replaceAll((k, v) -> List.copyOf(v));
        return out;
    }

    private static final class Problems {
        private final List<Problem> list = new ArrayList<>();
        private boolean truncated;

        void add(int row, String reason) {
            if (list.size() < MAX_PROBLEMS) {
                list.add(new Problem(row, reason));
            } else {
                truncated = true;
            }
        }

        boolean full() {
            if (list.size() >= MAX_PROBLEMS) {
                truncated = true;
                return true;
            }
            return false;
        }

        boolean isEmpty() {
            return list.isEmpty();
        }

        Parsed parsed(List<Row> rows) {
            return new Parsed(List.copyOf(rows), List.copyOf(list), truncated);
        }

        MappingRejectedException rejection() {
            List<Problem> byRow = new ArrayList<>(list);
            byRow.sort(java.util.Comparator.comparingInt(Problem::row));
            return new MappingRejectedException(byRow, truncated);
        }

        void throwIfAny() {
            if (!list.isEmpty()) {
                throw rejection();
            }
        }
    }
}
