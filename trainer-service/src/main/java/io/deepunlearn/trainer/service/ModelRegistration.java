package io.deepunlearn.trainer.service;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.checkpoint.CheckpointException;
import io.deepunlearn.core.data.DatasetException;
import io.deepunlearn.core.data.Datasets;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.interop.StateDictWeights;
import io.deepunlearn.core.metric.MembershipInference;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.pipeline.datasets.UploadedDatasets;
import io.deepunlearn.pipeline.event.CheckpointPublished;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.ml.ModelCodec;
import io.deepunlearn.pipeline.ml.ModelTrainer;
import io.deepunlearn.pipeline.ml.PreparedDataset;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import io.deepunlearn.pipeline.storage.VersionConflictException;
import io.deepunlearn.trainer.model.ModelRegistrationBody;
import io.deepunlearn.trainer.model.RegisteredModel;
import io.deepunlearn.core.data.NpyDatasetProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers a model trained elsewhere as version 1 of a lineage, without training it here: the weights (safetensors,
 * PyTorch names) are imported for the architecture and checked against the dataset (classes, input channels), the
 * declared training and held-out samples are checked against the dataset's train part, and the version is
 * published behind the version fence (a second registration of the id loses with 409), released, and announced on
 * checkpoint-published (kind original) so the auditor plans its U-LiRA shadows as for a model trained here.
 *
 * <p>What the audit needs from the user: held-out samples, i.e. samples of the same dataset's train part that the
 * model never trained on (the membership attacks' non-members, at least {@value MembershipInference#MIN_SAMPLES_PER_GROUP});
 * the dataset's test part is the test set. A model trained on samples that were erased earlier (tombstoned) is
 * refused: it would bring erased data back.
 */
public class ModelRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistration.class);
    public static final String PRODUCED_BY = "trainer:registered";
    private static final int LISTED = 5;

    private final CheckpointStore checkpoints;
    private final ManifestStore manifests;
    private final TombstoneStore tombstones;
    private final UploadedDatasets uploads;
    private final EventPublisher publisher;
    private final Topics topics;

    public ModelRegistration(CheckpointStore checkpoints, ManifestStore manifests, TombstoneStore tombstones,
                             UploadedDatasets uploads, EventPublisher publisher, Topics topics) {
        this.checkpoints = checkpoints;
        this.manifests = manifests;
        this.tombstones = tombstones;
        this.uploads = uploads;
        this.publisher = publisher;
        this.topics = topics;
    }

    /** Registers {@code body} with the weights in {@code weights} ({@code fileName}: the client's name for them). */
    public RegisteredModel register(ModelRegistrationBody body, Path weights, String fileName) {
        if (body == null) {
            throw new RejectedInputException(400, "the registration part is required");
        }
        String modelId;
        TrainingSpec spec;
        try {
            modelId = CheckpointStore.requireModelId(body.modelId());
            Architectures.requireKnown(Objects.requireNonNull(body.architecture(), "architecture is required"));
            spec = spec(body);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new RejectedInputException(400, e.getMessage());
        }
        requireKnownDataset(body.dataset());
        if (checkpoints.latestVersion(modelId).isPresent()) {
            throw new RejectedInputException(409, "model " + modelId + " already exists; a registration creates a new "
                    + "lineage (choose another modelId)");
        }
        PreparedDataset data;
        try {
            data = PreparedDataset.of(spec);
        } catch (DatasetException | IllegalArgumentException e) {
            throw new RejectedInputException(422, "dataset " + body.dataset() + " cannot be loaded: " + e.getMessage());
        }
        Samples samples = samples(body, data);
        List<Integer> erased = tombstones.union(spec.datasetId()).stream()
                .filter(new HashSet<>(samples.train())::contains).limit(LISTED).toList();
        if (!erased.isEmpty()) {
            throw new RejectedInputException(422, "trainSampleIds include samples erased earlier (tombstoned), e.g. "
                    + erased + ": a model trained on erased data cannot be registered; retrain it without them");
        }
        Imported imported = importWeights(body.architecture(), weights, fileName, data);
        ModelTrainer.ensureManifest(spec, manifests);
        ModelManifest m;
        try {
            m = checkpoints.publish(imported.checkpoint(), new ModelManifest(modelId, null, null, null, null, null,
                    spec.datasetId(), spec, PRODUCED_BY, samples.train(), samples.heldOut(), List.of(), List.of(), null));
        } catch (VersionConflictException e) {
            throw new RejectedInputException(409, "model " + modelId + " was registered concurrently by another request");
        }
        if (!m.version().startsWith("000001-")) {
            throw new RejectedInputException(409, "model " + modelId + " already exists (version " + m.version() + ")");
        }
        checkpoints.release(modelId, m.version(), "registered model");
        try {
            publisher.publish(topics.checkpointPublished(), new CheckpointPublished(CheckpointPublished.SCHEMA_VERSION,
                    modelId, "register-" + modelId, "original", m.ref(), null, m.datasetId(), List.of(), Instant.now()),
                    modelId);
        } catch (RuntimeException e) {
            // the model is registered and released; the auditor plans its shadows at the first audit instead
            LOG.warn("registered {}@{} but could not announce it: {}", modelId, m.version(), e.getMessage());
        }
        LOG.info("registered {}@{} ({} on {}: {} training and {} held-out samples)", modelId, m.version(),
                body.architecture(), body.dataset(), samples.train().size(), samples.heldOut().size());
        return new RegisteredModel(modelId, m.version(), m.sha256(), spec.dataset(), spec.datasetId(),
                data.numClasses(), samples.train().size(), samples.heldOut().size(), imported.parameters());
    }

    private static TrainingSpec spec(ModelRegistrationBody body) {
        ModelRegistrationBody.Recipe r = body.recipe() != null ? body.recipe()
                : new ModelRegistrationBody.Recipe(null, null, null, null);
        if (body.dataset() == null || body.dataset().isBlank()) {
            throw new IllegalArgumentException("dataset is required: the data the model was trained on");
        }
        return new TrainingSpec(body.dataset(), null, null, body.architecture(),
                Objects.requireNonNullElse(r.seed(), 0), Objects.requireNonNullElse(r.epochs(), 1),
                Objects.requireNonNullElse(r.batchSize(), 64), Objects.requireNonNullElse(r.learningRate(), 0.05));
    }

    /**
     * The rules a training spec must meet to run here, at every door (REST and the training topic): a known dataset
     * and architecture. (The recipe's ranges are checked when a {@link TrainingSpec} is built.)
     */
    public void requireRunnable(TrainingSpec spec) {
        requireKnownDataset(spec.dataset());
        Architectures.requireKnown(spec.architecture());
    }

    /** The dataset must be known (a built-in, {@code npy:DIR} or a registered {@code s3:NAME}). */
    public void requireKnownDataset(String dataset) {
        if (!Datasets.isKnown(dataset)) {
            throw new RejectedInputException(422, "unknown dataset '" + dataset + "' (known: "
                    + String.join(", ", Datasets.names()) + "; or s3:NAME, npy:DIR)");
        }
        if (dataset.startsWith(NpyDatasetProvider.SCHEME + ":")) {
            Path dir = Path.of(dataset.substring(NpyDatasetProvider.SCHEME.length() + 1));
            if (!dir.isAbsolute() || !Files.isDirectory(dir)) {
                throw new RejectedInputException(422, "dataset " + dataset + ": give an absolute path to a folder "
                        + "every service can read (or upload it as s3:NAME)");
            }
        }
        try {
            UploadedDatasets.nameOf(dataset).ifPresent(name -> {
                if (uploads.seal(name).isEmpty()) {
                    throw new RejectedInputException(422, "dataset " + dataset + " is not registered: upload its "
                            + "files and POST /api/v1/datasets {\"name\": \"" + name + "\"} first");
                }
            });
        } catch (IllegalArgumentException e) {
            throw new RejectedInputException(400, e.getMessage());
        }
    }

    record Samples(List<Integer> train, List<Integer> heldOut) {
    }

    /** The declared training and held-out samples, checked; the one not given is the rest of the train part. */
    static Samples samples(ModelRegistrationBody body, PreparedDataset data) {
        List<Integer> train = body.trainSampleIds();
        List<Integer> heldOut = body.heldOutSampleIds();
        if (train == null && heldOut == null) {
            throw new RejectedInputException(422, "say what the model was trained on: trainSampleIds (the samples of "
                    + "the dataset's train part it was trained on) and/or heldOutSampleIds (samples of the train part "
                    + "it never saw, at least " + MembershipInference.MIN_SAMPLES_PER_GROUP + ", for the audit)");
        }
        int[] pool = data.trainSampleIds();
        if (train != null) {
            check("trainSampleIds", train, data::inTrainPool, data);
        }
        if (heldOut != null) {
            check("heldOutSampleIds", heldOut, data::inTrainPool, data);
        }
        if (train == null) {
            Set<Integer> out = Set.copyOf(heldOut);
            train = Arrays.stream(pool).filter(id -> !out.contains(id)).boxed().toList();
        }
        if (heldOut == null) {
            Set<Integer> in = Set.copyOf(train);
            heldOut = Arrays.stream(pool).filter(id -> !in.contains(id)).boxed().toList();
        }
        Set<Integer> trained = Set.copyOf(train);
        List<Integer> both = heldOut.stream().filter(trained::contains).limit(LISTED).toList();
        if (!both.isEmpty()) {
            throw new RejectedInputException(422, "samples " + both + " are in both trainSampleIds and heldOutSampleIds");
        }
        if (train.isEmpty()) {
            throw new RejectedInputException(422, "the model was trained on no sample of the dataset's train part");
        }
        if (heldOut.size() < MembershipInference.MIN_SAMPLES_PER_GROUP) {
            throw new RejectedInputException(422, "the audit needs at least " + MembershipInference.MIN_SAMPLES_PER_GROUP
                    + " held-out samples (in the dataset's train part, never trained on), got " + heldOut.size()
                    + ": leave some samples of train/ out of trainSampleIds, or list them in heldOutSampleIds");
        }
        return new Samples(List.copyOf(train), List.copyOf(heldOut));
    }

    private static void check(String field, List<Integer> ids, IntPredicate inPool, PreparedDataset data) {
        if (ids.stream().anyMatch(Objects::isNull)) {
            throw new RejectedInputException(400, field + " contains null");
        }
        Set<Integer> seen = new HashSet<>();
        List<Integer> repeated = ids.stream().filter(id -> !seen.add(id)).limit(LISTED).toList();
        if (!repeated.isEmpty()) {
            throw new RejectedInputException(422, field + " lists samples more than once, e.g. " + repeated);
        }
        List<Integer> foreign = ids.stream().filter(id -> !inPool.test(id)).toList();
        if (!foreign.isEmpty()) {
            Set<Integer> test = new HashSet<>();
            Arrays.stream(data.testSampleIds()).forEach(test::add);
            boolean inTest = foreign.stream().anyMatch(test::contains);
            throw new RejectedInputException(422, field + ": " + foreign.size() + " sample(s) are not in the train "
                    + "part of dataset " + data.datasetId() + ", e.g. " + foreign.subList(0, Math.min(LISTED, foreign.size()))
                    + (inTest ? " (some are in its test part, which is the test set: held-out samples come from the "
                    + "train part)" : ""));
        }
    }

    private record Imported(byte[] checkpoint, long parameters) {
    }

    private static Imported importWeights(String arch, Path weights, String fileName, PreparedDataset data) {
        Engines.noGradOnThisThread();
        var transforms = data.bundle().transforms();
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            StateDictWeights.Imported imported = StateDictWeights.importFile(arch, weights, transforms.size(),
                    data.numClasses(), manager);
            Network net = imported.network();
            if (net.spec().channels() != transforms.channels()) {
                throw new RejectedInputException(422, "the weights take " + net.spec().channels() + " input channel(s) "
                        + "but dataset " + data.datasetId() + " gives the model " + transforms.channels());
            }
            Map<String, Object> meta = StateDictWeights.checkpointMetadata(imported, weights);
            meta.put("source_file", fileName == null ? "upload" : Path.of(fileName).getFileName().toString());
            meta.put("dataset", data.datasetId());
            return new Imported(ModelCodec.encode(net, meta), net.parameterCount());
        } catch (CheckpointException e) { // SafetensorsException included: names, shapes, malformed files
            throw new RejectedInputException(422, "weights " + (fileName == null ? "" : fileName + " ") + "rejected: "
                    + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new RejectedInputException(422, "weights rejected: " + e.getMessage());
        }
    }
}
