package io.deepunlearn.campaign;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.bench.ExperimentData;
import io.deepunlearn.core.bench.ReferenceModels;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.core.train.TrainConfig;
import java.nio.file.Path;

/**
 * The reference pair of one (dataset, arch, recipe, seed) on a worker: the local cache ({@link ReferenceModels})
 * kept in step with the store's ({@link ReferenceCache}). A reference cell {@link #obtain}s it (adopting the store's
 * pair, else training it and publishing it); every other cell only {@link #fetch}es it.
 */
public final class References {

    private final ReferenceCache cache;
    private final Path cacheRoot;

    public References(ReferenceCache cache, Path cacheRoot) {
        this.cache = cache;
        this.cacheRoot = cacheRoot;
    }

    /** True when the store has the pair; it is then in the local cache too, where ReferenceModels finds it. */
    public boolean fetch(ExperimentData experiment, String arch, TrainConfig recipe, int seed) {
        return cache.fetch(experiment.referenceKey(arch, recipe), seed, seedDir(experiment, arch, recipe, seed));
    }

    /** The store's pair, or a newly trained one published to the store (the caller holds the cell's lease). */
    public ReferenceModels.Pair obtain(ExperimentData experiment, String arch, TrainConfig recipe, int seed,
                                       NDManager manager) {
        fetch(experiment, arch, recipe, seed);
        ReferenceModels.Pair pair = open(experiment, arch, recipe, seed, manager);
        cache.publish(experiment.referenceKey(arch, recipe), seed, seedDir(experiment, arch, recipe, seed));
        return pair;
    }

    /** The pair from the local cache (trained there if absent: call {@link #fetch} first when it must not be). */
    public ReferenceModels.Pair open(ExperimentData experiment, String arch, TrainConfig recipe, int seed,
                                     NDManager manager) {
        return ReferenceModels.obtain(experiment.referenceCache(cacheRoot, arch, recipe), experiment.spec(arch), seed,
                experiment.data().retain(), experiment.data().forget(), recipe, manager, ProgressListener.NONE);
    }

    public Path cacheRoot() {
        return cacheRoot;
    }

    private Path seedDir(ExperimentData experiment, String arch, TrainConfig recipe, int seed) {
        return experiment.referenceCache(cacheRoot, arch, recipe).resolve("seed-" + seed);
    }
}
