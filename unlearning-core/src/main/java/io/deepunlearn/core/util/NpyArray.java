package io.deepunlearn.core.util;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One C-order {@code .npy} array (format versions 1-3) of a fixed-size numeric dtype: its dtype descriptor,
 * shape and raw bytes. Readers ask for the element type they accept ({@link #uint8()}, {@link #integers()})
 * and get an {@link IOException} naming the file otherwise.
 */
public record NpyArray(Path source, String descr, long[] shape, ByteBuffer data) {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** Parses {@code bytes} (the whole file {@code source}). */
    public static NpyArray parse(Path source, byte[] bytes) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new IOException(source + ": not a .npy file (bad magic bytes)");
        }
        int major = bytes[6];
        buf.position(8);
        long headerLen = major == 1 ? Short.toUnsignedInt(buf.getShort()) : Integer.toUnsignedLong(buf.getInt());
        if (major < 1 || major > 3 || headerLen > buf.remaining()) {
            throw new IOException(source + ": unsupported or truncated .npy header (version " + major + ")");
        }
        byte[] h = new byte[(int) headerLen];
        buf.get(h);
        String header = new String(h, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw new IOException(source + ": malformed .npy header " + header.trim());
        }
        if (fortran.group(1).equals("True")) {
            throw new IOException(source + ": Fortran-order arrays are not supported (save with np.ascontiguousarray)");
        }
        long[] dims = parseShape(source, shape.group(1));
        NpyArray array = new NpyArray(source, descr.group(1), dims, buf.slice().order(ByteOrder.LITTLE_ENDIAN));
        if (array.itemSize() == 0) {
            throw new IOException(source + ": unsupported dtype " + array.descr + " (little-endian integers or floats)");
        }
        long expected = array.size() * array.itemSize();
        if (array.data.remaining() != expected) {
            throw new IOException(source + ": holds " + array.data.remaining() + " data bytes, shape "
                    + Arrays.toString(dims) + " of " + array.descr + " needs " + expected);
        }
        return array;
    }

    public static NpyArray read(Path file) throws IOException {
        return parse(file, Files.readAllBytes(file));
    }

    private static long[] parseShape(Path source, String text) throws IOException {
        String[] parts = Arrays.stream(text.split(",")).map(String::trim).filter(p -> !p.isEmpty())
                .toArray(String[]::new);
        long[] dims = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                dims[i] = Long.parseLong(parts[i].endsWith("L") ? parts[i].substring(0, parts[i].length() - 1) : parts[i]);
            } catch (NumberFormatException e) {
                dims[i] = -1;
            }
            if (dims[i] < 0) {
                throw new IOException(source + ": malformed shape (" + text + ") in the .npy header");
            }
        }
        return dims;
    }

    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Bytes per element, from the descriptor ({@code <f4} = 4); 0 for unsupported kinds. */
    public int itemSize() {
        if (descr.length() < 3 || !"<|=".contains(descr.substring(0, 1)) || !"iuf".contains(descr.substring(1, 2))) {
            return 0;
        }
        try {
            return Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The values of a {@code uint8} array. */
    public byte[] uint8() throws IOException {
        if (!descr.equals("|u1") && !descr.equals("<u1") && !descr.equals("=u1")) {
            throw new IOException(source + ": dtype " + descr + ", expected uint8 ('|u1')");
        }
        byte[] out = new byte[data.remaining()];
        data.duplicate().get(out);
        return out;
    }

    /** The values of an integer array (signed or unsigned, 1-8 bytes). */
    public long[] integers() throws IOException {
        char kind = descr.length() > 1 ? descr.charAt(1) : '?';
        int size = itemSize();
        if ((kind != 'i' && kind != 'u') || size == 0) {
            throw new IOException(source + ": dtype " + descr + ", expected an integer array");
        }
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[(int) size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (size) {
                case 1 -> kind == 'u' ? Byte.toUnsignedLong(b.get()) : b.get();
                case 2 -> kind == 'u' ? Short.toUnsignedLong(b.getShort()) : b.getShort();
                case 4 -> kind == 'u' ? Integer.toUnsignedLong(b.getInt()) : b.getInt();
                case 8 -> b.getLong();
                default -> throw new IOException(source + ": unsupported integer size in dtype " + descr);
            };
            if (size == 8 && kind == 'u' && out[i] < 0) {
                throw new IOException(source + ": value at index " + i + " does not fit in int64");
            }
        }
        return out;
    }
}
