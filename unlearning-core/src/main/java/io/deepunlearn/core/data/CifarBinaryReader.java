package io.deepunlearn.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the CIFAR-10 / CIFAR-100 "binary version" files: one label byte (CIFAR-10) or coarse+fine label bytes
 * (CIFAR-100, the fine label is used) followed by 3072 bytes of R, G, B planes of a 32x32 image.
 */
public final class CifarBinaryReader {

    public static final int IMAGE_BYTES = 3 * 32 * 32;

    private CifarBinaryReader() {
    }

    public record Batch(int[] labels, byte[] pixels) {
    }

    /** Reads and concatenates {@code files}; {@code labelBytes} is 1 for CIFAR-10 and 2 for CIFAR-100. */
    public static Batch read(List<Path> files, int labelBytes) {
        int total = 0;
        byte[][] contents = new byte[files.size()][];
        for (int f = 0; f < files.size(); f++) {
            Path file = files.get(f);
            try {
                contents[f] = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new DatasetException(file + ": cannot read CIFAR batch: " + e.getMessage(), e);
            }
            int record = labelBytes + IMAGE_BYTES;
            if (contents[f].length == 0 || contents[f].length % record != 0) {
                throw new DatasetException(file + ": size " + contents[f].length + " is not a multiple of the "
                        + record + "-byte CIFAR record");
            }
            total += contents[f].length / record;
        }
        int[] labels = new int[total];
        byte[] pixels = new byte[total * IMAGE_BYTES];
        int n = 0;
        for (byte[] content : contents) {
            for (int off = 0; off < content.length; off += labelBytes + IMAGE_BYTES) {
                labels[n] = content[off + labelBytes - 1] & 0xff;
                System.arraycopy(content, off + labelBytes, pixels, n * IMAGE_BYTES, IMAGE_BYTES);
                n++;
            }
        }
        return new Batch(labels, pixels);
    }
}
