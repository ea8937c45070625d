package io.deepunlearn.core.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated header of a safetensors file: 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * {@code {"name": {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {...}}}, then the tensors'
 * raw little-endian bytes, offsets relative to the end of the header. Checked before any tensor is decoded, so a
 * damaged or hostile file fails with a message naming the problem instead of an engine error: header size
 * (at most 100 MB, as in the reference implementation), JSON, dtypes, shapes, offsets in bounds, no overlaps or
 * holes.
 */
public record SafetensorsHeader(Map<String, Entry> tensors, Map<String, String> metadata, int dataStart) {

    /** At most this many header bytes (the reference implementation's limit). */
    public static final long MAX_HEADER_BYTES = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> DTYPE_BYTES = Map.of("F64", 8, "F32", 4, "F16", 2, "BF16", 2,
            "I64", 8, "I32", 4, "I8", 1, "U8", 1, "BOOL", 1);

    /** One tensor's dtype ({@code F32}, {@code I64} ...), shape and byte range within the data section. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {

        public boolean isFloating() {
            return dtype.startsWith("F") || dtype.equals("BF16");
        }

        public boolean isInteger() {
            return dtype.startsWith("I") || dtype.equals("U8");
        }

        public long numel() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        public String shapeText() {
            return Arrays.toString(shape);
        }
    }

    /** Parses and validates the header of the whole file {@code bytes}; {@code source} names it in errors. */
    public static SafetensorsHeader parse(byte[] bytes, String source) {
        if (bytes.length < 8) {
            throw new SafetensorsException(source + ": not a safetensors file (" + bytes.length + " bytes)");
        }
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n <= 0 || n > MAX_HEADER_BYTES || n > bytes.length - 8L) {
            throw new SafetensorsException(source + ": not a safetensors file (header length " + Long.toUnsignedString(n)
                    + " for a file of " + bytes.length + " bytes)");
        }
        if (bytes[8] != '{') {
            throw new SafetensorsException(source + ": not a safetensors file (the header does not start with '{')");
        }
        JsonNode root;
        try {
            root = JSON.readTree(new String(bytes, 8, (int) n, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SafetensorsException(source + ": the header is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        int dataStart = (int) (8 + n);
        long dataLength = bytes.length - (long) dataStart;
        Map<String, Entry> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("__metadata__")) {
                field.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            Entry e = entry(field.getKey(), field.getValue(), source);
            if (e.end() > dataLength) {
                throw new SafetensorsException(source + ": tensor " + e.name() + " ends at byte " + e.end()
                        + " of a data section of " + dataLength + " bytes (truncated file?)");
            }
            tensors.put(e.name(), e);
        }
        checkCoverage(tensors.values(), dataLength, source);
        return new SafetensorsHeader(tensors, metadata, dataStart);
    }

    private static Entry entry(String name, JsonNode node, String source) {
        String where = source + ": tensor " + name + ": ";
        JsonNode dtype = node.get("dtype");
        JsonNode shape = node.get("shape");
        JsonNode offsets = node.get("data_offsets");
        if (dtype == null || !dtype.isTextual() || shape == null || !shape.isArray() || offsets == null
                || !offsets.isArray() || offsets.size() != 2) {
            throw new SafetensorsException(where + "needs \"dtype\", \"shape\" and two \"data_offsets\"");
        }
        Integer size = DTYPE_BYTES.get(dtype.asText());
        if (size == null) {
            throw new SafetensorsException(where + "unsupported dtype " + dtype.asText() + " (supported: "
                    + String.join(", ", new java.util.TreeSet<>(DTYPE_BYTES.keySet())) + ")");
        }
        long[] dims = new long[shape.size()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = shape.get(i).canConvertToLong() && shape.get(i).isIntegralNumber() ? shape.get(i).asLong() : -1;
            if (dims[i] < 0) {
                throw new SafetensorsException(where + "malformed shape " + shape);
            }
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        Entry e = new Entry(name, dtype.asText(), dims, begin, end);
        if (begin < 0 || end < begin || end - begin != e.numel() * size) {
            throw new SafetensorsException(where + "data_offsets " + offsets + " do not hold shape " + e.shapeText()
                    + " of " + e.dtype() + " (" + e.numel() * size + " bytes)");
        }
        if (end > Integer.MAX_VALUE) {
            throw new SafetensorsException(where + "tensors beyond 2 GiB are not supported");
        }
        return e;
    }

    /** The data section must be covered exactly: no overlaps, no holes, nothing after the last tensor. */
    private static void checkCoverage(java.util.Collection<Entry> entries, long dataLength, String source) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        Entry previous = null;
        for (Entry e : sorted) {
            if (e.begin() < at) {
                throw new SafetensorsException(source + ": tensor " + e.name() + " overlaps " + previous.name());
            }
            if (e.begin() > at) {
                throw new SafetensorsException(source + ": bytes " + at + ".." + e.begin()
                        + " of the data section belong to no tensor");
            }
            at = e.end();
            previous = e;
        }
        if (at != dataLength) {
            throw new SafetensorsException(source + ": " + (dataLength - at) + " bytes after the last tensor");
        }
    }
}
