package io.deepunlearn.localstack.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.infra.EmbeddedS3;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.security.LocalSecrets;
import io.deepunlearn.pipeline.security.SecuritySettings;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ErasureReceipt;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.deepunlearn.pipeline.storage.S3Settings;
import io.deepunlearn.pipeline.storage.TombstoneStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The checker sees each violation it is meant to see, on objects written as the services write them. */
class InvariantsTest {

    EmbeddedS3 s3;
    ObjectStore store;
    CheckpointStore checkpoints;
    Invariants invariants;
    final LocalSecrets secrets = LocalSecrets.generate();

    /** One service's keys, as the stack gives them. */
    private SecuritySettings keysOf(String service) {
        Map<String, String> config = secrets.serviceConfig(service);
        return SecuritySettings.from(k -> java.util.Optional.ofNullable(config.get(k)));
    }

    @BeforeEach
    void start() {
        s3 = EmbeddedS3.startTemporary();
        store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), null));
        for (String b : List.of("models", "datasets", "evidence")) {
            store.ensureBucket(b, false);
        }
        checkpoints = new CheckpointStore(store, "models", keysOf("trainer-service"));
        invariants = new Invariants(store, secrets.readerSettings());
    }

    @AfterEach
    void stop() {
        store.close();
        s3.close();
    }

    private ModelManifest root() {
        TrainingSpec spec = new TrainingSpec("synthetic", 200, 50, "small-cnn", 1, 1, 32, 0.05);
        return checkpoints.publish(new byte[] {1}, new ModelManifest("m", null, null, null, null, null, "synthetic", spec,
                "trainer:original", List.of(1, 2, 3, 4, 5, 6), List.of(9), List.of(), List.of(), null));
    }

    private void accept(String id, List<Integer> samples, boolean receipt) {
        new RequestStore(store, "models").create(ForgetRequestRecord.received(id, "m", "synthetic", samples, "FT",
                Instant.now(), Instant.now()).with(RequestStatus.PUBLISHED, null, null, Instant.now()));
        new TombstoneStore(store, "datasets").write("synthetic", id, samples);
        if (receipt) {
            new EvidenceStore(store, "evidence", keysOf("auditor-service")).putIfAbsent(new ErasureReceipt(
                    ErasureReceipt.SCHEMA_VERSION, id, "m", "synthetic", List.of(), "FT", null, null, "pass", List.of(),
                    "pass", null, null, Map.of(), ErasureReceipt.RELEASED, Instant.now(), Instant.now()));
        }
    }

    @Test
    void aCleanLineageHasNoViolations() {
        ModelManifest v1 = root();
        accept("r1", List.of(1, 2), true);
        checkpoints.publish(new byte[] {2}, v1.successor("unlearner:FT", List.of(1, 2), List.of("r1")));
        Invariants.Report report = invariants.check(Set.of("r1"));
        assertThat(report.violations()).isEmpty();
        assertThat(report.line(3)).isEqualTo("chaos accepted=1 receipts=1 lost=0 duplicate_versions=0 forks=0 faults=3");
    }

    @Test
    void seesLostReceiptsForksDuplicatesRegressionsStrayTombstonesAndUnerasedSamples() {
        ModelManifest v1 = root();
        accept("r1", List.of(1, 2), true);
        accept("r2", List.of(3), false);
        new TombstoneStore(store, "datasets").write("synthetic", "stray", List.of(4));
        ModelManifest v2 = checkpoints.publish(new byte[] {2}, v1.successor("unlearner:FT", List.of(1, 2), List.of("r1")));
        // a rival from the same parent that forgets less and re-unlearns r1: the fence prevents it, so write it raw
        ModelManifest rival = new ModelManifest("m", "000003-rival", v1.version(), v2.sha256(), v2.checkpointKey(), null,
                "synthetic", v1.training(), "unlearner:FT", v1.trainSampleIds(), v1.heldOutSampleIds(), List.of(1),
                List.of("r1"), Instant.now());
        byte[] rivalBytes = EventCodec.encode(rival);
        store.put("models", "models/m/versions/000003-rival/manifest.json", rivalBytes, "application/json");
        // signed by a checkpoint writer (the unlearner), so the checker reads it as the services would
        store.put("models", "models/m/versions/000003-rival/manifest.json.sig", EventCodec.encode(
                keysOf("unlearner-service").requireSigner("the rival").sign(rivalBytes)), "application/json");
        store.put("models", "models/m/sequence/000003", "000003-rival".getBytes(StandardCharsets.UTF_8), "text/plain");

        Invariants.Report report = invariants.check(Set.of("r1", "r2"));
        assertThat(report.lost()).containsExactly("r2");
        assertThat(report.forks()).singleElement().asString().contains("both from " + v1.version());
        assertThat(report.duplicateVersions()).singleElement().asString().contains("r1 unlearned by");
        assertThat(report.tombstoneErrors()).singleElement().asString().contains("stray");
        // the head (the rival) still holds samples 2 (r1) and 3 (r2)
        assertThat(report.notErased()).hasSize(2);
        assertThat(report.line(0)).isEqualTo("chaos accepted=2 receipts=1 lost=1 duplicate_versions=1 forks=1 faults=0");
        assertThat(Map.of("violations", report.violations().size())).containsEntry("violations", 6);
    }
}
