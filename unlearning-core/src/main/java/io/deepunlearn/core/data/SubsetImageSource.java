package io.deepunlearn.core.data;

/** Positions {@code indices} of a parent source, in that order. */
final class SubsetImageSource implements ImageSource {

    private final ImageSource parent;
    private final int[] indices;

    SubsetImageSource(ImageSource parent, int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= parent.size()) {
                throw new IllegalArgumentException("subset index " + i + " outside 0.." + (parent.size() - 1));
            }
        }
        this.parent = parent;
        this.indices = indices.clone();
    }

    @Override public String name() { return parent.name(); }
    @Override public int size() { return indices.length; }
    @Override public int numClasses() { return parent.numClasses(); }
    @Override public int channels() { return parent.channels(); }
    @Override public int height() { return parent.height(); }
    @Override public int width() { return parent.width(); }
    @Override public int label(int index) { return parent.label(indices[index]); }
    @Override public int sampleId(int index) { return parent.sampleId(indices[index]); }

    @Override
    public void pixels(int index, byte[] dst, int offset) {
        parent.pixels(indices[index], dst, offset);
    }
}
