package io.deepunlearn.core.model;

/** What is needed to rebuild a network: architecture name, classes, input channels and image size. */
public record ModelSpec(String architecture, int numClasses, int channels, int imageSize) {

    public ModelSpec {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2, got " + numClasses);
        }
        if (channels < 1 || imageSize < 8) {
            throw new IllegalArgumentException("bad input shape " + channels + "x" + imageSize + "x" + imageSize);
        }
    }
}
