package io.deepunlearn.core.data;

/** Images held in one byte array (IDX, CIFAR, synthetic). */
public final class InMemoryImageSource implements ImageSource {

    private final String name;
    private final int numClasses;
    private final int channels;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final int[] labels;
    private final int[] ids;

    public InMemoryImageSource(String name, int numClasses, int channels, int height, int width,
                               byte[] pixels, int[] labels, int[] ids) {
        int per = channels * height * width;
        if (pixels.length != (long) per * labels.length) {
            throw new IllegalArgumentException("pixel buffer holds " + pixels.length + " bytes, expected "
                    + ((long) per * labels.length) + " for " + labels.length + " images of " + per);
        }
        if (ids.length != labels.length) {
            throw new IllegalArgumentException("ids and labels differ in length");
        }
        for (int y : labels) {
            if (y < 0 || y >= numClasses) {
                throw new IllegalArgumentException("label " + y + " outside 0.." + (numClasses - 1) + " in " + name);
            }
        }
        this.name = name;
        this.numClasses = numClasses;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
        this.ids = ids;
    }

    /** Ids are {@code firstId, firstId+1, ...}: the position in the concatenated official train+test order. */
    public static int[] consecutiveIds(int firstId, int count) {
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = firstId + i;
        }
        return ids;
    }

    @Override public String name() { return name; }
    @Override public int size() { return labels.length; }
    @Override public int numClasses() { return numClasses; }
    @Override public int channels() { return channels; }
    @Override public int height() { return height; }
    @Override public int width() { return width; }
    @Override public int label(int index) { return labels[index]; }
    @Override public int sampleId(int index) { return ids[index]; }

    @Override
    public void pixels(int index, byte[] dst, int offset) {
        int per = pixelCount();
        System.arraycopy(pixels, index * per, dst, offset, per);
    }
}
