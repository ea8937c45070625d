package io.deepunlearn.core.data;

/** Loads one named dataset: the "dataset" extension point (registered in {@link Datasets}). */
public interface DatasetProvider {

    /** Command-line name, e.g. {@code fashion-mnist}. */
    String name();

    DatasetBundle load(DataLocator locator);
}
