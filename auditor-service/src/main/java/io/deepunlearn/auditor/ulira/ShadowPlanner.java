package io.deepunlearn.auditor.ulira;

import io.deepunlearn.pipeline.event.ShadowSpec;
import io.deepunlearn.pipeline.event.TrainingRequested;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.ShadowStore;
import java.time.Clock;
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
 * lineage, generation and index; the trainer skips a shadow that exists). Superseded generations are deleted
 * ({@link #prune}): they were trained on samples erased since.
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

    private final Duration supersededGrace;
    private final Clock clock;
    /** Generations that audits of this JVM are reading now, with how many audits read each. */
    private final Map<String, Integer> held = new ConcurrentHashMap<>();

    public ShadowPlanner(ShadowStore shadows, TombstoneStore tombstones, EventPublisher publisher, Topics topics, int count,
                         int rebuildMinTombstones) {
        this(shadows, tombstones, publisher, topics, count, rebuildMinTombstones, Duration.ofMinutes(10), Clock.systemUTC());
    }

    /** {@code supersededGrace}: how long a superseded generation outlives the completion of its successor. */
    public ShadowPlanner(ShadowStore shadows, TombstoneStore tombstones, EventPublisher publisher, Topics topics, int count,
                         int rebuildMinTombstones, Duration supersededGrace, Clock clock) {
        if (count < 0 || rebuildMinTombstones < 1) {
            throw new IllegalArgumentException("shadow count must be >= 0 and rebuild-min-tombstones >= 1");
        }
        if (supersededGrace.isNegative()) {
            throw new IllegalArgumentException("superseded-grace must not be negative, got " + supersededGrace);
        }
        this.supersededGrace = supersededGrace;
        this.clock = clock;
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

    /** Shadows per complete generation (0: U-LiRA off). */
    public int count() {
        return count;
    }

    /** A generation held by an audit; closing releases it. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** Marks a generation as read by an audit until the returned handle is closed; {@link #prune} keeps it. */
    public Hold hold(String modelId, int generation) {
        String key = modelId + "/" + generation;
        held.merge(key, 1, Integer::sum);
        return () -> held.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
    }

    /**
     * Deletes {@code modelId}'s superseded shadow generations: those older than its newest complete one ({@code
     * count} shadows), once that one has been complete for {@code supersededGrace}, unless an audit of this JVM
     * holds them. Why the grace suffices across replicas: an audit reads the newest complete generation, so one
     * that still reads an older generation began before its successor was complete, and audits
     * take far less than the grace (one that overruns it fails on the missing checkpoint and is re-driven onto the
     * new generation). Newer, still incomplete generations are kept. Returns the generations deleted.
     */
    public synchronized List<Integer> prune(String modelId) {
        if (count == 0) {
            return List.of();
        }
        List<Integer> generations = shadows.generations(modelId);
        Optional<Integer> complete = generations.stream()
                .filter(g -> shadows.shadows(modelId, g).size() >= count).findFirst();
        if (complete.isEmpty()) {
            return List.of();
        }
        Optional<Instant> since = shadows.storedAt(modelId, complete.get());
        if (since.isEmpty() || since.get().plus(supersededGrace).isAfter(clock.instant())) {
            return List.of();
        }
        List<Integer> deleted = new java.util.ArrayList<>();
        for (int g : generations) {
            if (g < complete.get() && !held.containsKey(modelId + "/" + g)) {
                int objects = shadows.delete(modelId, g);
                deleted.add(g);
                LOG.info("deleted superseded shadow generation {} of {} ({} objects; generation {} complete since {})",
                        g, modelId, objects, complete.get(), since.get());
            }
        }
        return deleted;
    }

    /** {@link #prune} for every lineage with shadows (the auditor's timer); a failure is logged, the next pass retries. */
    public void pruneAll() {
        for (String modelId : shadows.lineages()) {
            try {
                prune(modelId);
            } catch (RuntimeException e) {
                LOG.warn("pruning the shadows of {} failed (next pass retries): {}", modelId, e.getMessage());
            }
        }
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
