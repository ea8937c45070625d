package io.deepunlearn.core.bench;

import io.deepunlearn.core.data.DataLocator;
import io.deepunlearn.core.data.DataSplits;
import io.deepunlearn.core.data.DatasetBundle;
import io.deepunlearn.core.data.Datasets;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.method.UnlearningData;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.train.TrainConfig;
import java.nio.file.Path;

/**
 * One dataset prepared the benchmark's way (docs/reference.md#splits): the (optionally subset) train pool and test set as
 * tensors, the seed-123 splits and the D_r / D_f / D_val views. Shared by {@code bench}, {@code tune} and
 * {@code ulira} so that all three agree on data and on the reference-model cache key.
 */
public record ExperimentData(String dataset, DatasetBundle bundle, DataSplits splits, String splitId,
                             TensorDataset pool, TensorDataset test, UnlearningData data, Integer trainSize,
                             Integer testSize) {

    public static ExperimentData load(String dataset, Path dataDir, Integer trainSize, Integer testSize) {
        Datasets.provider(dataset); // fails fast with the list of known datasets
        DatasetBundle bundle = Datasets.load(dataset, DataLocator.standard(dataDir)).limit(trainSize, testSize, 0);
        DataSplits splits = DataSplits.create(bundle.train().size(), bundle.test().size(), DataSplits.DEFAULT_SEED);
        TensorDataset pool = TensorDataset.prepare(bundle.train(), bundle.transforms());
        TensorDataset test = TensorDataset.prepare(bundle.test(), bundle.transforms());
        UnlearningData data = new UnlearningData(pool.subset(splits.retain()), pool.subset(splits.forget()),
                pool.subset(splits.val()));
        return new ExperimentData(dataset, bundle, splits, splits.id(bundle.train(), bundle.test()), pool, test, data,
                trainSize, testSize);
    }

    public int numClasses() {
        return bundle.numClasses();
    }

    public ModelSpec spec(String arch) {
        return new ModelSpec(arch, bundle.numClasses(), 3, bundle.transforms().size());
    }

    /** Writes the split's sample ids ({@code <name>.npy}, {@code splits.json}) under {@code dir}. */
    public void saveSplits(Path dir) {
        splits.save(dir, bundle.train(), bundle.test());
    }

    /** The folder of this configuration's cached original/retrained models (see {@link ReferenceModels}). */
    public Path referenceCache(Path cacheRoot, String arch, TrainConfig cfg) {
        return cacheRoot.resolve(referenceKey(arch, cfg));
    }

    /**
     * {@code <dataset>/<arch>/<key>}: the relative name of this configuration's reference models, the same in the
     * local cache and in a campaign's object-store cache; the key hashes everything that determines them.
     */
    public String referenceKey(String arch, TrainConfig cfg) {
        String name = cacheName();
        return name + "/" + arch + "/" + ReferenceModels.cacheKey(name, splitId, spec(arch), cfg, trainSize, testSize);
    }

    /**
     * The dataset's name in cache paths and keys. A parameterised name ({@code npy:/data/mine}) is a path, not a
     * folder name, and says nothing about the files' content; its bundle name carries a content fingerprint.
     */
    private String cacheName() {
        return dataset.contains(":") ? bundle.name() : dataset;
    }

    public BenchmarkResults.DatasetInfo info() {
        return new BenchmarkResults.DatasetInfo(dataset, splitId, data.retain().size(), data.forget().size(),
                data.val().size(), test.size(), bundle.numClasses());
    }
}
