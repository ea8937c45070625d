package io.deepunlearn.core.data;

import java.util.Arrays;

/**
 * Samples resized and normalised once (the "plain" transform without channel expansion), held as floats.
 * Views ({@link #subset}, {@link #concat}) share the backing array; labels can be overridden per view (SRL's
 * relabelled forget set). Grey sources stay one-channel here; the loader expands them to RGB on the device.
 */
public final class TensorDataset {

    private final float[] data;
    private final int sourceChannels;
    private final int size;
    private final TransformSpec transforms;
    private final int[] rows;
    private final int[] labels;
    private final int[] ids;
    private final int numClasses;

    private TensorDataset(float[] data, int sourceChannels, int size, TransformSpec transforms, int[] rows,
                          int[] labels, int[] ids, int numClasses) {
        this.data = data;
        this.sourceChannels = sourceChannels;
        this.size = size;
        this.transforms = transforms;
        this.rows = rows;
        this.labels = labels;
        this.ids = ids;
        this.numClasses = numClasses;
    }

    /** Applies resize + normalisation to every sample of {@code source}. */
    public static TensorDataset prepare(ImageSource source, TransformSpec spec) {
        int c = source.channels();
        if (c != 1 && c != spec.channels()) {
            throw new IllegalArgumentException("cannot map " + c + " source channels to " + spec.channels());
        }
        int s = spec.size();
        int per = c * s * s;
        long total = (long) per * source.size();
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("dataset too large to prepare in memory: " + total + " floats");
        }
        float[] data = new float[(int) total];
        byte[] raw = new byte[source.pixelCount()];
        for (int i = 0; i < source.size(); i++) {
            source.pixels(i, raw, 0);
            ImageTransforms.resizeNormalize(raw, c, source.height(), source.width(), s, spec.mean(), spec.std(),
                    data, i * per);
        }
        int[] rows = new int[source.size()];
        Arrays.setAll(rows, i -> i);
        return new TensorDataset(data, c, s, spec, rows, source.labels(), source.sampleIds(), source.numClasses());
    }

    public int size() {
        return rows.length;
    }

    public int numClasses() {
        return numClasses;
    }

    public int imageSize() {
        return size;
    }

    public int sourceChannels() {
        return sourceChannels;
    }

    public int channels() {
        return transforms.channels();
    }

    public TransformSpec transforms() {
        return transforms;
    }

    public int label(int i) {
        return labels[i];
    }

    public int sampleId(int i) {
        return ids[i];
    }

    public int[] labels() {
        return labels.clone();
    }

    public int[] sampleIds() {
        return ids.clone();
    }

    /** Copies view sample {@code i} (source channels) into {@code dst}. */
    void copySample(int i, float[] dst, int offset) {
        int per = sourceChannels * size * size;
        System.arraycopy(data, rows[i] * per, dst, offset, per);
    }

    /** Appends view sample {@code i} (source channels) to {@code dst}. */
    void copySample(int i, java.nio.FloatBuffer dst) {
        int per = sourceChannels * size * size;
        dst.put(data, rows[i] * per, per);
    }

    public TensorDataset subset(int[] positions) {
        int[] r = new int[positions.length];
        int[] l = new int[positions.length];
        int[] d = new int[positions.length];
        for (int k = 0; k < positions.length; k++) {
            r[k] = rows[positions[k]];
            l[k] = labels[positions[k]];
            d[k] = ids[positions[k]];
        }
        return new TensorDataset(data, sourceChannels, size, transforms, r, l, d, numClasses);
    }

    /** The same samples with other labels (e.g. random relabelling). */
    public TensorDataset withLabels(int[] newLabels) {
        if (newLabels.length != rows.length) {
            throw new IllegalArgumentException("need " + rows.length + " labels, got " + newLabels.length);
        }
        return new TensorDataset(data, sourceChannels, size, transforms, rows, newLabels.clone(), ids, numClasses);
    }

    /** This view followed by {@code other}; both must come from the same prepared source. */
    public TensorDataset concat(TensorDataset other) {
        if (other.data != data) {
            throw new IllegalArgumentException("concat needs views of the same prepared dataset");
        }
        return new TensorDataset(data, sourceChannels, size, transforms, join(rows, other.rows),
                join(labels, other.labels), join(ids, other.ids), numClasses);
    }

    private static int[] join(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
