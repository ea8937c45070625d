package io.deepunlearn.core.checkpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.util.Hashing;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checkpoint file format (version 1), documented in docs/checkpoint-format.md:
 * <pre>
 *   8 bytes  magic "DUNLCKPT"
 *   4 bytes  format version (big-endian int) = 1
 *   4 bytes  header length L (big-endian int)
 *   L bytes  header, UTF-8 JSON: {"schemaVersion":1, "spec":{...}, "tensors":[{"name","shape","buffer"}],
 *            "payloadSha256":"...", "metadata":{...}}
 *   payload  every tensor's float32 values, little-endian, in header order
 * </pre>
 * Values round-trip bit-exactly. Reading verifies magic, version, lengths and the payload hash.
 */
public final class CheckpointIO {

    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "DUNLCKPT".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER = 16 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointIO() {
    }

    /** Writes {@code net} with {@code metadata}; returns the SHA-256 of the whole file's bytes. */
    public static String write(Network net, Map<String, Object> metadata, OutputStream out) throws IOException {
        Map<String, Checkpoint.TensorData> tensors = Checkpoint.snapshot(net);
        MessageDigest payloadDigest = Hashing.sha256Digest();
        List<byte[]> chunks = new ArrayList<>();
        List<Map<String, Object>> index = new ArrayList<>();
        for (Map.Entry<String, Checkpoint.TensorData> e : tensors.entrySet()) {
            float[] v = e.getValue().values();
            ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(v);
            byte[] bytes = buf.array();
            payloadDigest.update(bytes);
            chunks.add(bytes);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", e.getKey());
            entry.put("shape", e.getValue().shape());
            entry.put("buffer", e.getValue().buffer());
            index.add(entry);
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("schemaVersion", FORMAT_VERSION);
        header.put("spec", net.spec());
        header.put("tensors", index);
        header.put("payloadSha256", HexFormat.of().formatHex(payloadDigest.digest()));
        header.put("metadata", metadata == null ? Map.of() : metadata);
        byte[] headerBytes = JSON.writeValueAsBytes(header);

        MessageDigest fileDigest = Hashing.sha256Digest();
        ByteBuffer prefix = ByteBuffer.allocate(MAGIC.length + 8);
        prefix.put(MAGIC).putInt(FORMAT_VERSION).putInt(headerBytes.length);
        write(out, fileDigest, prefix.array());
        write(out, fileDigest, headerBytes);
        for (byte[] c : chunks) {
            write(out, fileDigest, c);
        }
        out.flush();
        return HexFormat.of().formatHex(fileDigest.digest());
    }

    private static void write(OutputStream out, MessageDigest digest, byte[] bytes) throws IOException {
        digest.update(bytes);
        out.write(bytes);
    }

    /** Serialises to bytes; the SHA-256 of these bytes is what events and manifests record. */
    public static byte[] toBytes(Network net, Map<String, Object> metadata) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            write(net, metadata, bos);
            return bos.toByteArray();
        } catch (IOException e) {
            throw new CheckpointException("cannot serialise checkpoint: " + e.getMessage(), e);
        }
    }

    /** Saves atomically (temporary file + move); returns the file's SHA-256. */
    public static String save(Network net, Map<String, Object> metadata, Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            String sha;
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                sha = write(net, metadata, out);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return sha;
        } catch (IOException e) {
            throw new CheckpointException("cannot save checkpoint to " + file + ": " + e.getMessage(), e);
        }
    }

    public static Checkpoint load(Path file) {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads and also checks the whole file's SHA-256 against {@code expectedSha256} (from an event/manifest). */
    public static Checkpoint load(Path file, String expectedSha256) {
        try {
            return fromBytes(Files.readAllBytes(file), expectedSha256, file.toString());
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    public static Checkpoint fromBytes(byte[] bytes, String expectedSha256, String source) {
        if (expectedSha256 != null) {
            String actual = Hashing.sha256(bytes);
            if (!actual.equalsIgnoreCase(expectedSha256)) {
                throw new CheckpointException(source + ": SHA-256 " + actual + " does not match the expected "
                        + expectedSha256);
            }
        }
        try {
            return read(new java.io.ByteArrayInputStream(bytes), source);
        } catch (IOException e) {
            throw new CheckpointException(source + ": " + e.getMessage(), e);
        }
    }

    /** Reads a checkpoint, verifying its structure and payload hash; {@code source} names it in errors. */
    public static Checkpoint read(InputStream stream, String source) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new CheckpointException(source + ": not a DeepUnlearn checkpoint (bad magic bytes)");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new CheckpointException(source + ": unsupported checkpoint format version " + version);
            }
            int headerLength = in.readInt();
            if (headerLength <= 0 || headerLength > MAX_HEADER) {
                throw new CheckpointException(source + ": implausible header length " + headerLength);
            }
            byte[] headerBytes = new byte[headerLength];
            in.readFully(headerBytes);
            Map<String, Object> header;
            try {
                header = JSON.readValue(headerBytes, new TypeReference<>() { });
            } catch (IOException e) {
                throw new CheckpointException(source + ": header is not valid JSON: " + e.getMessage(), e);
            }
            ModelSpec spec = JSON.convertValue(header.get("spec"), ModelSpec.class);
            List<Map<String, Object>> index = JSON.convertValue(header.get("tensors"), new TypeReference<>() { });
            MessageDigest digest = Hashing.sha256Digest();
            Map<String, Checkpoint.TensorData> tensors = new LinkedHashMap<>();
            for (Map<String, Object> entry : index) {
                long[] shape = JSON.convertValue(entry.get("shape"), long[].class);
                long n = 1;
                for (long d : shape) {
                    n *= d;
                }
                if (n < 0 || n * 4 > Integer.MAX_VALUE) {
                    throw new CheckpointException(source + ": tensor " + entry.get("name") + " has implausible shape");
                }
                byte[] bytes = new byte[(int) (n * 4)];
                in.readFully(bytes);
                digest.update(bytes);
                float[] values = new float[(int) n];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                tensors.put((String) entry.get("name"),
                        new Checkpoint.TensorData(shape, Boolean.TRUE.equals(entry.get("buffer")), values));
            }
            if (in.read() != -1) {
                throw new CheckpointException(source + ": trailing bytes after the last tensor");
            }
            String payloadSha = HexFormat.of().formatHex(digest.digest());
            if (!payloadSha.equals(header.get("payloadSha256"))) {
                throw new CheckpointException(source + ": payload SHA-256 " + payloadSha
                        + " does not match the header's " + header.get("payloadSha256") + " (corrupted checkpoint)");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> metadata = (Map<String, Object>) header.getOrDefault("metadata", Map.of());
            return new Checkpoint(spec, tensors, metadata, payloadSha);
        } catch (EOFException e) {
            throw new CheckpointException(source + ": truncated checkpoint", e);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(source + ": malformed header: " + e.getMessage(), e);
        }
    }
}
