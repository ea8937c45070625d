package io.deepunlearn.auditor.ulira;

import io.deepunlearn.pipeline.event.ShadowSpec;
import io.deepunlearn.pipeline.event.TrainingRequested;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.ShadowStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a lineage's U-LiRA shadow set current (docs/ulira.md, rebuild policy): when the lineage has no shadow
 * generation yet, or when at least {@code rebuildMinTombstones} samples were tombstoned in its dataset since its
 * newest generation was requested, it asks the trainer for a new generation of {@code count} shadows
 * (training-requested with a {@link ShadowSpec}; generation = the dataset's tombstone count, which only grows).
 * The rebuild is not only statistics: a shadow is a model trained on personal data, so an erasure applies to it
 * too, and the default threshold 1 rebuilds after every erasure. At most one generation per lineage is in flight:
 * while the last requested one is incomplete no newer one is requested (under a stream of erasures the trainer
 * builds one generation after another instead of queueing K jobs per audit); one still incomplete after
 * {@link #GIVE_UP_AFTER} (a failed shadow job) no longer blocks the next. Requests are idempotent (job id per
 * lineage, generation and index; the trainer skips a shadow that exists).
 */
public class ShadowPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowPlanner.class);

    private final ShadowStore shadows;
    private final TombstoneStore tombstones;
    private final EventPublisher publisher;
    private final Topics topics;
    private final int count;
    private final int rebuildMinTombstones;
    /** How long an incomplete generation blocks the next: far above a shadow set's training time on CPU. */
    static final Duration GIVE_UP_AFTER = Duration.ofHours(1);

    private record Pending(int generation, Instant since) {
    }

    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();

    public ShadowPlanner(ShadowStore shadows, TombstoneStore tombstones, EventPublisher publisher, Topics topics, int count,
                         int rebuildMinTombstones) {
        if (count < 0 || rebuildMinTombstones < 1) {
            throw new IllegalArgumentException("shadow count must be >= 0 and rebuild-min-tombstones >= 1");
        }
        this.shadows = shadows;
        this.tombstones = tombstones;
        this.publisher = publisher;
        this.topics = topics;
        this.count = count;
        this.rebuildMinTombstones = rebuildMinTombstones;
    }

    /** The generation to request, if any: none exists yet, or enough samples were tombstoned since the newest. */
    static Optional<Integer> due(List<Integer> generationsNewestFirst, int tombstones, int rebuildMinTombstones) {
        if (generationsNewestFirst.isEmpty()) {
            return Optional.of(tombstones);
        }
        return tombstones - generationsNewestFirst.get(0) >= rebuildMinTombstones ? Optional.of(tombstones) : Optional.empty();
    }

    /**
     * Requests a new shadow generation of {@code lineage}'s model when {@link #due} (or again, to fill the gaps, an
     * incomplete one older than {@link #GIVE_UP_AFTER}); returns the generation requested, if any.
     */
    public synchronized Optional<Integer> ensure(ModelManifest lineage) {
        if (count == 0) {
            return Optional.empty();
        }
        Pending pending = inFlight.get(lineage.modelId());
        if (pending != null && shadows.shadows(lineage.modelId(), pending.generation()).size() < count) {
            if (pending.since().plus(GIVE_UP_AFTER).isAfter(Instant.now())) {
                return Optional.empty(); // the last requested generation is still being trained
            }
            return Optional.of(request(lineage, pending.generation())); // a shadow job failed: the trainer skips the rest
        }
        // the union of the per-request tombstone objects the request lifecycle writes (it only grows)
        int tombstoned = tombstones.union(lineage.datasetId()).size();
        return due(shadows.generations(lineage.modelId()), tombstoned, rebuildMinTombstones).map(g -> request(lineage, g));
    }

    private int request(ModelManifest lineage, int generation) {
        inFlight.put(lineage.modelId(), new Pending(generation, Instant.now()));
        for (int k = 0; k < count; k++) {
            String jobId = String.format("shadow-%s-g%d-k%d", lineage.modelId(), generation, k);
            publisher.publish(topics.trainingRequested(), new TrainingRequested(TrainingRequested.SCHEMA_VERSION, jobId,
                    lineage.modelId(), lineage.training(), new ShadowSpec(generation, k, count), Instant.now()), jobId);
        }
        LOG.info("requested shadow generation {} ({} models) of {}", generation, count, lineage.modelId());
        return generation;
    }
}
