package io.deepunlearn.core.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Hand-made safetensors files (header as given, raw data), for the error cases DJL's writer cannot produce. */
final class SafetensorsBytes {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsBytes() {
    }

    static byte[] file(String headerJson, byte[] data) {
        byte[] h = headerJson.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.writeBytes(h);
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** Rewrites {@code file} with {@code edit} applied to its header (as a mutable map), data unchanged. */
    @SuppressWarnings("unchecked")
    static void editHeader(Path file, java.util.function.Consumer<Map<String, Map<String, Object>>> edit) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        SafetensorsHeader header = SafetensorsHeader.parse(bytes, file.toString());
        Map<String, Map<String, Object>> json = new LinkedHashMap<>(JSON.readValue(
                new String(bytes, 8, header.dataStart() - 8, StandardCharsets.UTF_8), Map.class));
        edit.accept(json);
        byte[] data = java.util.Arrays.copyOfRange(bytes, header.dataStart(), bytes.length);
        Files.write(file, file(JSON.writeValueAsString(json), data));
    }
}
