package io.deepunlearn.core.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes and reads 1-D int64 {@code .npy} files, the reference code's format for split indices, and encodes any
 * C-order array (the NPY dataset shards of user data: uint8 images, int64 labels and ids).
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private Npy() {
    }

    public static void writeInt64(Path file, int[] values) throws IOException {
        String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (" + values.length + ",), }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 2 + header.length() + 8 * values.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (int v : values) {
            buf.putLong(v);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(buf.array());
        }
    }

    /** A version-1.0 {@code .npy} file as NumPy writes it: {@code descr} e.g. {@code |u1} or {@code <i8}, C order. */
    public static byte[] encode(String descr, long[] shape, byte[] data) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims
                + (shape.length == 1 ? "," : "") + "), }";
        int pad = (64 - (MAGIC.length + 2 + dict.length() + 1) % 64) % 64;
        byte[] header = (dict + " ".repeat(pad) + "\n").getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(MAGIC.length + 2 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .put(MAGIC).putShort((short) header.length).put(header).put(data).array();
    }

    /** uint8 pixels of shape {@code shape}. */
    public static byte[] uint8(long[] shape, byte[] pixels) {
        return encode("|u1", shape, pixels);
    }

    /** A 1-D int64 array (labels, sample ids). */
    public static byte[] int64(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putLong(v);
        }
        return encode("<i8", new long[] {values.length}, b.array());
    }

    public static int[] readInt64(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        if (buf.remaining() < magic.length + 2) {
            throw new IOException(file + ": too short for a .npy file");
        }
        buf.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException(file + ": not a version-1.0 .npy file");
        }
        int headerLen = Short.toUnsignedInt(buf.getShort());
        byte[] h = new byte[headerLen];
        buf.get(h);
        String header = new String(h, StandardCharsets.US_ASCII);
        if (!header.contains("'<i8'") || header.contains("'fortran_order': True")) {
            throw new IOException(file + ": expected a C-order int64 array, header " + header.trim());
        }
        int n = buf.remaining() / 8;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            long v = buf.getLong();
            out[i] = Math.toIntExact(v);
        }
        return out;
    }
}
