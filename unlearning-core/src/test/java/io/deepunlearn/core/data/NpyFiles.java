package io.deepunlearn.core.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes version-1.0 {@code .npy} files as NumPy does, for dataset tests. */
final class NpyFiles {

    private NpyFiles() {
    }

    static void write(Path file, String descr, long[] shape, byte[] data) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, io.deepunlearn.core.util.Npy.encode(descr, shape, data));
    }

    static void uint8(Path file, long[] shape, byte[] pixels) throws IOException {
        write(file, "|u1", shape, pixels);
    }

    static void int64(Path file, long... values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        write(file, "<i8", new long[] {values.length}, b.array());
    }

    /** {@code n} grey {@code size}x{@code size} images whose pixels encode the sample index. */
    static byte[] pixels(int n, int channels, int size, int salt) {
        byte[] out = new byte[n * channels * size * size];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((i / (channels * size * size)) * 7 + salt + i % 13);
        }
        return out;
    }
}
