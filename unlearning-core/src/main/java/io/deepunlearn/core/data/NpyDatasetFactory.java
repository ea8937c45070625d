package io.deepunlearn.core.data;

import java.util.List;

/** Serves {@code npy:DIR}: a user's dataset in NumPy shards ({@link NpyDatasetProvider}). */
public final class NpyDatasetFactory implements DatasetProviderFactory {

    @Override
    public List<String> names() {
        return List.of();
    }

    @Override
    public List<String> schemes() {
        return List.of(NpyDatasetProvider.SCHEME);
    }

    @Override
    public DatasetProvider create(String name) {
        return NpyDatasetProvider.forName(name);
    }
}
