package io.deepunlearn.pipeline.ml;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.data.DataSplits;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.core.train.TrainConfig;
import io.deepunlearn.core.train.Trainer;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.DatasetManifest;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Trains a model of the ML core for the pipeline and publishes it: the train pool is split as in the benchmark
 * (docs/reference.md#splits, seed 123): the model trains on D_r ∪ D_f minus excluded (tombstoned) samples; D_val is held out
 * and later serves as the MIA's non-members. The recipe is docs/reference.md#training (SGD, cosine, augmentation).
 */
public final class ModelTrainer {

    /** Samples per synthetic data subject in demo manifests (default; the trainer's setting can change it). */
    public static final int SAMPLES_PER_SUBJECT = 30;

    private ModelTrainer() {
    }

    /** A trained checkpoint and the sample ids it was (not) trained on. */
    public record TrainedModel(byte[] checkpoint, List<Integer> trainSampleIds, List<Integer> heldOutSampleIds,
                               double seconds) {
    }

    public static TrainedModel train(TrainingSpec spec, Set<Integer> excluded) {
        Engines.noGradOnThisThread();
        PreparedDataset data = PreparedDataset.of(spec);
        int[] ids = data.trainSampleIds();
        DataSplits splits = DataSplits.create(ids.length, data.test().size(), DataSplits.DEFAULT_SEED);
        List<Integer> train = Arrays.stream(splits.train()).map(p -> ids[p]).filter(id -> !excluded.contains(id))
                .boxed().toList();
        List<Integer> heldOut = Arrays.stream(splits.val()).map(p -> ids[p]).boxed().toList();
        return trainOn(spec, data, train, heldOut, excluded.size());
    }

    /** Trains {@code spec}'s recipe on exactly {@code train} (ids of the dataset's train pool); {@code heldOut} is recorded. */
    public static TrainedModel trainOn(TrainingSpec spec, PreparedDataset data, List<Integer> train, List<Integer> heldOut,
                                       int excludedCount) {
        Engines.noGradOnThisThread();
        var transforms = data.bundle().transforms();
        ModelSpec modelSpec = new ModelSpec(spec.architecture(), data.numClasses(), transforms.channels(), transforms.size());
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            Network net = Architectures.create(modelSpec, manager, spec.seed());
            var result = Trainer.train(net, data.samples(train), new TrainConfig(spec.epochs(), spec.batchSize(),
                    spec.learningRate(), 0.9, 5e-4, true, DataSplits.DEFAULT_SEED), ProgressListener.NONE);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("dataset", spec.datasetId());
            meta.put("seed", spec.seed());
            meta.put("epochs", spec.epochs());
            meta.put("excluded", excludedCount);
            return new TrainedModel(ModelCodec.encode(net, meta), train, heldOut, result.seconds());
        }
    }

    /** Creates the dataset manifest (synthetic subjects, see {@link DatasetManifest#syntheticSubjects}) if missing. */
    public static DatasetManifest ensureManifest(TrainingSpec spec, ManifestStore manifests) {
        return ensureManifest(spec, manifests, SAMPLES_PER_SUBJECT);
    }

    /**
     * As {@link #ensureManifest(TrainingSpec, ManifestStore)} with about {@code samplesPerSubject} samples per
     * synthetic subject (pool size / samplesPerSubject subjects). Only a new manifest is affected: an existing one
     * keeps its subjects, since requests already name them. A user's dataset ({@code scheme:location}) gets a
     * manifest without subjects: they are imported as mapping files.
     */
    public static DatasetManifest ensureManifest(TrainingSpec spec, ManifestStore manifests, int samplesPerSubject) {
        if (samplesPerSubject < 1) {
            throw new IllegalArgumentException("samples per subject must be at least 1, got " + samplesPerSubject);
        }
        return manifests.load(spec.datasetId()).orElseGet(() -> {
            if (TrainingSpec.isUserDataset(spec.dataset())) {
                // a user's data: subjects come from imported mapping files, never synthesised
                DatasetManifest m = DatasetManifest.mapped(spec.datasetId(), spec.dataset());
                manifests.save(m);
                return m;
            }
            int[] ids = PreparedDataset.of(spec).trainSampleIds();
            DatasetManifest m = DatasetManifest.syntheticSubjects(spec.datasetId(), spec.dataset(), ids,
                    Math.max(1, ids.length / samplesPerSubject));
            manifests.save(m);
            return m;
        });
    }

    /**
     * Trains {@code modelId} without any tombstoned sample (nor {@code alsoExcluded}) and publishes it as the
     * model's next version; {@code parent} (may be null) carries the lineage of forgotten samples and requests.
     */
    public static ModelManifest trainAndPublish(String modelId, TrainingSpec spec, String producedBy, ModelManifest parent,
                                                Set<Integer> alsoExcluded, ManifestStore manifests,
                                                CheckpointStore checkpoints) {
        return trainAndPublish(modelId, spec, producedBy, parent, alsoExcluded, manifests, checkpoints, SAMPLES_PER_SUBJECT);
    }

    /**
     * Exact retraining of {@code head}'s lineage: {@code spec}'s recipe from scratch on the lineage's training
     * samples minus the tombstoned ones and {@code alsoExcluded}, with the same held-out samples, published as the
     * successor of {@code head}. For a model trained here that is the benchmark split minus the excluded samples
     * (as when it was first trained); for a registered model it is the training set its owner declared.
     */
    public static ModelManifest retrainAndPublish(ModelManifest head, TrainingSpec spec, String producedBy,
                                                  Set<Integer> alsoExcluded, ManifestStore manifests,
                                                  CheckpointStore checkpoints, int samplesPerSubject) {
        DatasetManifest dataset = ensureManifest(spec, manifests, samplesPerSubject);
        Set<Integer> excluded = new java.util.HashSet<>(dataset.tombstones());
        excluded.addAll(alsoExcluded);
        List<Integer> train = head.trainSampleIds().stream().filter(id -> !excluded.contains(id)).toList();
        TrainedModel trained = trainOn(spec, PreparedDataset.of(spec), train, head.heldOutSampleIds(), excluded.size());
        return checkpoints.publish(trained.checkpoint(), new ModelManifest(head.modelId(), null, head.version(), null,
                null, null, spec.datasetId(), spec, producedBy, train, head.heldOutSampleIds(),
                head.forgottenSampleIds(), head.requestIds(), null));
    }

    /** As above; a missing dataset manifest is created with about {@code samplesPerSubject} samples per subject. */
    public static ModelManifest trainAndPublish(String modelId, TrainingSpec spec, String producedBy, ModelManifest parent,
                                                Set<Integer> alsoExcluded, ManifestStore manifests,
                                                CheckpointStore checkpoints, int samplesPerSubject) {
        DatasetManifest dataset = ensureManifest(spec, manifests, samplesPerSubject);
        Set<Integer> excluded = new java.util.HashSet<>(dataset.tombstones());
        excluded.addAll(alsoExcluded);
        TrainedModel trained = train(spec, excluded);
        List<Integer> forgotten = parent == null ? List.of() : parent.forgottenSampleIds();
        List<String> requestIds = parent == null ? List.of() : parent.requestIds();
        return checkpoints.publish(trained.checkpoint(), new ModelManifest(modelId, null,
                parent == null ? null : parent.version(), null, null, null, spec.datasetId(), spec, producedBy,
                trained.trainSampleIds(), trained.heldOutSampleIds(), forgotten, requestIds, null));
    }
}
