package io.deepunlearn.core.data;

/**
 * A labelled image collection with stable integer sample ids: the "dataset" extension point.
 * Pixels are unsigned bytes in channel-major (C, H, W) order.
 */
public interface ImageSource {

    String name();

    int size();

    int numClasses();

    int channels();

    int height();

    int width();

    int label(int index);

    /** Stable id of the sample at {@code index}; survives subsetting, so splits and manifests can name samples. */
    int sampleId(int index);

    /** Copies sample {@code index} as C*H*W unsigned bytes into {@code dst} at {@code offset}. */
    void pixels(int index, byte[] dst, int offset);

    default int pixelCount() {
        return channels() * height() * width();
    }

    /** A view on the given positions of this source (ids and labels follow the samples). */
    default ImageSource subset(int[] indices) {
        return new SubsetImageSource(this, indices);
    }

    default int[] labels() {
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = label(i);
        }
        return out;
    }

    default int[] sampleIds() {
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = sampleId(i);
        }
        return out;
    }
}
