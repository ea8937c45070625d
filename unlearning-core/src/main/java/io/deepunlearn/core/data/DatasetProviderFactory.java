package io.deepunlearn.core.data;

import java.util.List;

/**
 * Extension point for datasets. A jar adds datasets by implementing this interface (public class, public
 * no-argument constructor) and listing the class in {@code
 * META-INF/services/io.deepunlearn.core.data.DatasetProviderFactory}; {@link Datasets} then accepts its names
 * (and {@code scheme:location} for its schemes) everywhere a dataset is named ({@code --dataset}, events).
 *
 * <p>Providers must give every sample a stable integer id (train and test ids disjoint) so splits, manifests
 * and erasure requests can name samples.
 */
public interface DatasetProviderFactory {

    /** Fixed dataset names this factory serves, e.g. {@code fashion-mnist}. */
    List<String> names();

    /** Schemes for parameterised names, e.g. {@code npy} for {@code npy:/data/mine}; none by default. */
    default List<String> schemes() {
        return List.of();
    }

    /** The provider for one of {@link #names()}, or for {@code scheme:location} with one of {@link #schemes()}. */
    DatasetProvider create(String name);
}
