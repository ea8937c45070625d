package io.deepunlearn.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Reads the IDX format of MNIST and Fashion-MNIST, gzipped or not (detected from the gzip magic bytes). */
public final class IdxReader {

    private static final int UBYTE = 0x08;

    private IdxReader() {
    }

    /** Images as unsigned bytes, shape (n, rows, cols). */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    public static Images readImages(Path file) {
        try {
            return readImages(open(file), file.toString());
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read IDX images: " + e.getMessage(), e);
        }
    }

    public static int[] readLabels(Path file) {
        try {
            return readLabels(open(file), file.toString());
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read IDX labels: " + e.getMessage(), e);
        }
    }

    /** Reads images from a stream (gzip detected); {@code file} names the source in error messages. */
    public static Images readImages(InputStream stream, String file) {
        try (DataInputStream in = wrap(stream)) {
            int[] dims = header(in, file, 3);
            long total = (long) dims[0] * dims[1] * dims[2];
            if (total > Integer.MAX_VALUE) {
                throw new DatasetException(file + ": image tensor too large (" + total + " bytes)");
            }
            byte[] pixels = new byte[(int) total];
            in.readFully(pixels);
            return new Images(dims[0], dims[1], dims[2], pixels);
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read IDX images: " + e.getMessage(), e);
        }
    }

    public static int[] readLabels(InputStream stream, String file) {
        try (DataInputStream in = wrap(stream)) {
            int[] dims = header(in, file, 1);
            byte[] raw = new byte[dims[0]];
            in.readFully(raw);
            int[] labels = new int[raw.length];
            for (int i = 0; i < raw.length; i++) {
                labels[i] = raw[i] & 0xff;
            }
            return labels;
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read IDX labels: " + e.getMessage(), e);
        }
    }

    private static int[] header(DataInputStream in, String file, int expectedDims) throws IOException {
        int magic = in.readInt();
        int type = (magic >> 8) & 0xff;
        int dims = magic & 0xff;
        if ((magic >>> 16) != 0 || type != UBYTE || dims != expectedDims) {
            throw new DatasetException(String.format("%s: not an IDX unsigned-byte file with %d dimension(s) (magic 0x%08x)",
                    file, expectedDims, magic));
        }
        int[] sizes = new int[dims];
        for (int i = 0; i < dims; i++) {
            sizes[i] = in.readInt();
            if (sizes[i] < 0) {
                throw new DatasetException(file + ": negative dimension " + sizes[i]);
            }
        }
        return sizes;
    }

    private static InputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file + ": file not found");
        }
        return Files.newInputStream(file);
    }

    private static DataInputStream wrap(InputStream stream) throws IOException {
        InputStream raw = new BufferedInputStream(stream, 1 << 16);
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        boolean gzip = b1 == 0x1f && b2 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw);
    }
}
