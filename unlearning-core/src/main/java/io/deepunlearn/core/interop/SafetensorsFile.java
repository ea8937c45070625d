package io.deepunlearn.core.interop;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.util.Hashing;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes safetensors files with DJL ({@link NDList#decode} detects the format; {@link
 * NDList#encode(OutputStream, NDList.Encoding)} with {@code SAFETENSORS} writes it), after validating the header
 * ourselves ({@link SafetensorsHeader}) so bad files fail with a clear message.
 */
public final class SafetensorsFile {

    private SafetensorsFile() {
    }

    /** A file's header and bytes; tensors are decoded on demand with {@link #decode}. */
    public record Contents(Path file, byte[] bytes, SafetensorsHeader header) {

        /** Every tensor, by name, in {@code manager}. */
        public Map<String, NDArray> decode(NDManager manager) {
            NDList list;
            try {
                list = NDList.decode(manager, bytes);
            } catch (RuntimeException e) {
                throw new SafetensorsException(file + ": cannot decode tensors: " + e.getMessage(), e);
            }
            Map<String, NDArray> out = new LinkedHashMap<>();
            for (NDArray a : list) {
                out.put(a.getName(), a);
            }
            if (!out.keySet().equals(header.tensors().keySet())) {
                throw new SafetensorsException(file + ": decoded tensors " + out.keySet() + " differ from the header's");
            }
            return out;
        }

        public String sha256() {
            return Hashing.sha256(bytes);
        }
    }

    /** Reads {@code file} and validates its header. */
    public static Contents read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SafetensorsException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new Contents(file, bytes, SafetensorsHeader.parse(bytes, file.toString()));
    }

    /**
     * Writes {@code tensors} (name -> array; the arrays are renamed to their keys) atomically; returns the file's
     * SHA-256.
     */
    public static String write(Map<String, NDArray> tensors, Path file) {
        NDList list = new NDList(tensors.size());
        tensors.forEach((name, array) -> {
            array.setName(name);
            list.add(array);
        });
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                list.encode(out, NDList.Encoding.SAFETENSORS);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Hashing.sha256(file);
        } catch (IOException e) {
            throw new SafetensorsException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
