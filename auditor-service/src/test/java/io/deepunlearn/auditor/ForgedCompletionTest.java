package io.deepunlearn.auditor;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.infra.testing.PipelineTestResource;
import io.deepunlearn.infra.testing.TopicProbe;
import io.deepunlearn.pipeline.cdi.PipelineSettings;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.event.UnlearningCompleted;
import io.deepunlearn.pipeline.messaging.CloudEvents;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.messaging.Topics;
import io.deepunlearn.pipeline.security.SecuritySettings;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Forged and replayed {@code unlearning.completed} events on the real in-process broker and S3 server: each is
 * dead-lettered with the reason, and nothing is released, published or receipted. The versions are real signed
 * versions (trainer, unlearner keys); only the events lie.
 */
@QuarkusTest
@WithTestResource(PipelineTestResource.class)
@WithTestResource(SecretsTestResource.class)
class ForgedCompletionTest {

    @Inject
    ObjectStore store;
    @Inject
    PipelineSettings settings;
    @Inject
    CheckpointStore checkpoints;
    @Inject
    RequestStore requests;
    @Inject
    EvidenceStore evidence;
    @Inject
    Topics topics;
    @Inject
    io.deepunlearn.pipeline.storage.ManifestStore manifests;

    CheckpointStore signedAs(String service) {
        return new CheckpointStore(store, settings.buckets().models(), SecretsTestResource.keysOf(service));
    }

    static ModelManifest draft(String modelId) {
        TrainingSpec spec = new TrainingSpec("synthetic", 200, 50, "small-cnn", 1, 1, 32, 0.05);
        return new ModelManifest(modelId, null, null, null, null, null, spec.datasetId(), spec, "trainer:original",
                List.of(1, 2, 3, 4), List.of(9), List.of(), List.of(), null);
    }

    /** Sends {@code e} and returns the dead-letter reason it gets. */
    String deadLetterReasonOf(UnlearningCompleted e, String marker) {
        String bootstrap = PipelineTestResource.infrastructure().kafka().bootstrapServers();
        TopicProbe.send(bootstrap, topics.unlearningCompleted(), e.modelId(), EventCodec.encode(e));
        List<ConsumerRecord<String, byte[]>> dead = TopicProbe.readUntil(bootstrap, Topics.deadLetter(topics.unlearningCompleted()),
                r -> carries(r, marker), Duration.ofSeconds(60));
        ConsumerRecord<String, byte[]> last = dead.stream().filter(r -> carries(r, marker)).reduce((a, b) -> b).orElseThrow();
        return CloudEvents.get(last.headers(), CloudEvents.DEAD_LETTER_REASON).orElseThrow();
    }

    /** Whether a dead letter's payload names {@code marker} (other tests dead-letter records without a value). */
    private static boolean carries(ConsumerRecord<String, byte[]> r, String marker) {
        return r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(marker);
    }

    @Test
    void aForgedRollbackToTheOriginalAndOtherForgeriesAreDeadLetteredAndNothingIsReleased() {
        CheckpointStore trainer = signedAs("trainer-service");
        CheckpointStore unlearner = signedAs("unlearner-service");
        // the dataset and its samples are known: the consumer checks them before the guard looks at the lineage
        var spec = draft("forge-a").training();
        manifests.save(io.deepunlearn.pipeline.storage.DatasetManifest.syntheticSubjects(spec.datasetId(), spec.dataset(),
                new int[] {1, 2, 3, 4, 9}, 1));
        ModelManifest original = trainer.publish("original weights".getBytes(StandardCharsets.UTF_8), draft("forge-a"));
        checkpoints.release("forge-a", original.version(), "trained");
        // a genuine erasure: the unlearner's v2 without samples 1-2, audited and released
        ModelManifest erased = unlearner.publish("erased weights".getBytes(StandardCharsets.UTF_8),
                original.successor("unlearner:FT", List.of(1, 2), List.of("fr-forge-1")));
        requests.save(ForgetRequestRecord.received("fr-forge-1", "forge-a", original.datasetId(), List.of(1, 2), "FT",
                Instant.now(), Instant.now()).with(RequestStatus.PUBLISHED, null, erased.version(), Instant.now()));
        checkpoints.release("forge-a", erased.version(), "audit passed");

        // 1. rollback: "the original is the unlearned result" for a new request id -> would release pre-erasure weights
        requests.save(ForgetRequestRecord.received("fr-forge-2", "forge-a", original.datasetId(), List.of(3), "FT",
                Instant.now(), Instant.now()).with(RequestStatus.UNLEARNED, null, null, Instant.now()));
        String rollback = deadLetterReasonOf(new UnlearningCompleted(1, "forge-a", List.of("fr-forge-2"), "FT",
                erased.ref(), original.ref(), List.of(3), 0.1, Instant.now()), "fr-forge-2");
        assertThat(rollback).contains("release refused").contains("does not descend from base " + erased.version());

        // 2. replay with a consistent base: the original's own lineage is fine, but it is not after the release
        String replay = deadLetterReasonOf(new UnlearningCompleted(1, "forge-a", List.of("fr-forge-1"), "FT",
                original.ref(), erased.ref(), List.of(1, 2), 0.1, Instant.now()), "\"fr-forge-1\"");
        assertThat(replay).contains("release refused").contains("does not descend from the current release");

        // 3. a genuine successor that was never produced for the named (recorded) request
        ModelManifest other = unlearner.publish("other weights".getBytes(StandardCharsets.UTF_8),
                erased.successor("unlearner:FT", List.of(4), List.of("fr-forge-3")));
        requests.save(ForgetRequestRecord.received("fr-forge-9", "forge-a", original.datasetId(), List.of(4), "FT",
                Instant.now(), Instant.now()).with(RequestStatus.UNLEARNED, null, null, Instant.now()));
        String unrelated = deadLetterReasonOf(new UnlearningCompleted(1, "forge-a", List.of("fr-forge-9"), "FT",
                erased.ref(), other.ref(), List.of(4), 0.1, Instant.now()), "fr-forge-9");
        assertThat(unrelated).contains("was not produced for request fr-forge-9");

        // 4. the right version and request, but no request record: no run was recorded (the consumer's own check
        // refuses it before the guard, which would too)
        String unrecorded = deadLetterReasonOf(new UnlearningCompleted(1, "forge-a", List.of("fr-forge-3"), "FT",
                erased.ref(), other.ref(), List.of(4), 0.1, Instant.now()), "fr-forge-3");
        assertThat(unrecorded).contains("no record of request fr-forge-3");

        assertThat(checkpoints.releasedVersion("forge-a")).contains(erased.version());
        assertThat(List.of("fr-forge-1", "fr-forge-2", "fr-forge-3", "fr-forge-9"))
                .allMatch(id -> evidence.find(id).isEmpty());
    }
}
