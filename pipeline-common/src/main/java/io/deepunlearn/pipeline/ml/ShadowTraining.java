package io.deepunlearn.pipeline.ml;

import io.deepunlearn.pipeline.event.ShadowSpec;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.ShadowStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Trains one U-LiRA shadow model of a lineage (docs/ulira.md): the lineage's recipe (architecture, epochs, batch,
 * learning rate, initial-weight seed) on a seeded random half of the dataset's train pool minus every tombstoned
 * sample, so each pool sample is seen by about half of the shadows and tombstoned ones by none. The half is a
 * function of (lineage, generation, index) only: a retried job trains the same shadow.
 */
public final class ShadowTraining {

    private ShadowTraining() {
    }

    /** The sorted sample ids shadow {@code shadow} trains on. */
    public static List<Integer> members(int[] poolIds, Set<Integer> excluded, String modelId, ShadowSpec shadow) {
        List<Integer> pool = new ArrayList<>(Arrays.stream(poolIds).filter(id -> !excluded.contains(id)).sorted().boxed().toList());
        // String.hashCode is specified by the JLS: the same seed on every JVM
        long seed = ((long) (modelId + "/g" + shadow.generation()).hashCode() << 20) ^ (shadow.index() * 0x9E3779B97F4A7C15L);
        Collections.shuffle(pool, new Random(seed));
        List<Integer> half = new ArrayList<>(pool.subList(0, pool.size() / 2));
        Collections.sort(half);
        return List.copyOf(half);
    }

    /**
     * Trains the shadow with {@code lineage}'s recipe and stores it ({@link ShadowStore}); the manifest's
     * {@code trainSampleIds} are the members, {@code heldOutSampleIds} the rest of the pool.
     */
    public static ModelManifest trainAndStore(ModelManifest lineage, ShadowSpec shadow, Set<Integer> tombstoned,
                                              ShadowStore shadows) {
        PreparedDataset data = PreparedDataset.of(lineage.training());
        int[] pool = data.trainSampleIds();
        List<Integer> members = members(pool, tombstoned, lineage.modelId(), shadow);
        Set<Integer> in = Set.copyOf(members);
        List<Integer> rest = Arrays.stream(pool).filter(id -> !in.contains(id)).boxed().toList();
        ModelTrainer.TrainedModel trained = ModelTrainer.trainOn(lineage.training(), data, members, rest, tombstoned.size());
        return shadows.publish(trained.checkpoint(), new ModelManifest(lineage.modelId(), null, lineage.version(), null,
                null, null, lineage.datasetId(), lineage.training(), "trainer:shadow", members, rest, List.of(),
                List.of(), null), shadow.generation(), shadow.index());
    }
}
