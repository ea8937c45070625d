package io.deepunlearn.pipeline.ml;

import io.deepunlearn.core.data.DataLocator;
import io.deepunlearn.core.data.DatasetBundle;
import io.deepunlearn.core.data.Datasets;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.pipeline.event.TrainingSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A dataset of the ML core prepared once (normalised floats) and addressable by stable sample id, which is how
 * manifests and events name samples. Instances are cached per dataset id: every service loads each dataset once.
 */
public final class PreparedDataset {

    private static final Map<String, PreparedDataset> CACHE = new ConcurrentHashMap<>();
    public static final long LIMIT_SEED = 7;

    private final String datasetId;
    private final DatasetBundle bundle;
    private final TensorDataset trainPool;
    private final TensorDataset test;
    private final Map<Integer, Integer> positionById = new HashMap<>();

    private PreparedDataset(String datasetId, DatasetBundle bundle) {
        this.datasetId = datasetId;
        this.bundle = bundle;
        this.trainPool = TensorDataset.prepare(bundle.train(), bundle.transforms());
        this.test = TensorDataset.prepare(bundle.test(), bundle.transforms());
        for (int i = 0; i < trainPool.size(); i++) {
            positionById.put(trainPool.sampleId(i), i);
        }
    }

    /** The dataset a training spec names, limited as it says (seeded, so every service sees the same samples). */
    public static PreparedDataset of(TrainingSpec spec) {
        return CACHE.computeIfAbsent(spec.datasetId(), id -> new PreparedDataset(id,
                Datasets.load(spec.dataset(), DataLocator.standard(null))
                        .limit(spec.trainLimit(), spec.testLimit(), LIMIT_SEED)));
    }

    /** A whole dataset (no size limits) by name, e.g. {@code s3:mine}: the data of registered models and mappings. */
    public static PreparedDataset of(String dataset) {
        return of(new TrainingSpec(dataset, null, null, "unused", 0, 1, 1, 0.1));
    }

    public String datasetId() {
        return datasetId;
    }

    public DatasetBundle bundle() {
        return bundle;
    }

    public TensorDataset trainPool() {
        return trainPool;
    }

    public TensorDataset test() {
        return test;
    }

    public int numClasses() {
        return bundle.numClasses();
    }

    public int[] trainSampleIds() {
        return trainPool.sampleIds();
    }

    public int[] testSampleIds() {
        return test.sampleIds();
    }

    /** Whether {@code sampleId} is in the train pool. */
    public boolean inTrainPool(int sampleId) {
        return positionById.containsKey(sampleId);
    }

    /** The training samples with these ids, in the given order; unknown ids are an error. */
    public TensorDataset samples(List<Integer> sampleIds) {
        int[] positions = new int[sampleIds.size()];
        for (int k = 0; k < positions.length; k++) {
            Integer p = positionById.get(sampleIds.get(k));
            if (p == null) {
                throw new IllegalArgumentException("sample " + sampleIds.get(k) + " is not in dataset " + datasetId);
            }
            positions[k] = p;
        }
        return trainPool.subset(positions);
    }
}
