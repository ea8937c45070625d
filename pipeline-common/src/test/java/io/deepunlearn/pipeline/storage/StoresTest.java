package io.deepunlearn.pipeline.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.SampleEvents;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.event.UliraFigures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The stores' contract through the MinIO SDK against a real S3 server: S3Proxy in-process here
 * ({@link EmbeddedS3StoresTest}), the minio/minio image where Docker exists ({@link MinioContainerStoresTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StoresTest {

    ObjectStore store;
    static final Buckets BUCKETS = Buckets.defaults();

    /** Starts the server and returns how to reach it. */
    abstract S3Settings startServer();

    abstract void stopServer();

    @BeforeAll
    void start() {
        store = new ObjectStore(startServer());
        BUCKETS.ensure(store);
    }

    @AfterAll
    void stop() {
        store.close();
        stopServer();
    }

    static ModelManifest draft(String modelId) {
        TrainingSpec spec = new TrainingSpec("synthetic", 200, 50, "small-cnn", 1, 1, 32, 0.05);
        return new ModelManifest(modelId, null, null, null, null, null, spec.datasetId(), spec, "trainer:original",
                List.of(1, 2, 3, 4), List.of(9), List.of(), List.of(), null);
    }

    @Test
    void versionsAreOrderedContentAddressedImmutableAndVerifiedOnLoad() {
        CheckpointStore checkpoints = new CheckpointStore(store, BUCKETS.models());
        byte[] v1Bytes = "checkpoint one".getBytes(StandardCharsets.UTF_8);
        ModelManifest v1 = checkpoints.publish(v1Bytes, draft("model-a"));
        assertThat(v1.version()).isEqualTo("000001-" + Hashes.sha256(v1Bytes).substring(0, 12));
        assertThat(v1.sha256()).isEqualTo(Hashes.sha256(v1Bytes));

        ModelManifest v2 = checkpoints.publish("checkpoint two".getBytes(StandardCharsets.UTF_8),
                v1.successor("unlearner:FT", List.of(2), List.of("r-1")));
        assertThat(v2.version()).startsWith("000002-");
        assertThat(v2.parentVersion()).isEqualTo(v1.version());
        assertThat(v2.retainSampleIds()).containsExactly(1, 3, 4);
        assertThat(v2.covers("r-1")).isTrue();
        assertThat(checkpoints.versions("model-a")).containsExactly(v1.version(), v2.version());
        assertThat(checkpoints.latest("model-a")).contains(v2);
        assertThat(checkpoints.modelIds()).contains("model-a");
        assertThat(checkpoints.load(v1.ref())).isEqualTo(v1Bytes);

        assertThatThrownBy(() -> store.putNew(BUCKETS.models(), v1.checkpointKey(), new byte[] {1}, "application/octet-stream"))
                .isInstanceOf(ObjectExistsException.class);
        // tampering behind the store's back is detected on the next load
        store.put(BUCKETS.models(), v1.checkpointKey(), "evil".getBytes(StandardCharsets.UTF_8), "application/octet-stream");
        assertThatThrownBy(() -> checkpoints.load(v1.ref())).isInstanceOf(StorageException.class)
                .hasMessageContaining("refusing to use it");

        checkpoints.release("model-a", v2.version(), "audit passed");
        assertThat(checkpoints.releasedVersion("model-a")).contains(v2.version());
        assertThatThrownBy(() -> CheckpointStore.requireModelId("Bad/Id")).hasMessageContaining("invalid model id");
    }

    @Test
    void manifestsMapSubjectsAndAccumulateTombstones() {
        ManifestStore manifests = new ManifestStore(store, BUCKETS.datasets());
        manifests.save(DatasetManifest.syntheticSubjects("ds-1", "synthetic", new int[] {0, 1, 2, 3, 4, 5, 6}, 3));
        DatasetManifest m = manifests.load("ds-1").orElseThrow();
        assertThat(m.samplesOf("subject-1")).contains(List.of(1, 4));
        assertThat(m.samplesOf("subject-9")).isEmpty();
        assertThat(m.containsSample(6)).isTrue();
        assertThat(manifests.tombstone("ds-1", List.of(1, 4))).isEqualTo(2);
        assertThat(manifests.tombstone("ds-1", List.of(4, 5))).isEqualTo(1);
        assertThat(manifests.load("ds-1").orElseThrow().tombstones()).containsExactly(1, 4, 5);
        assertThat(manifests.load("missing")).isEmpty();
    }

    @Test
    void requestRecordsTrackStatusAndDeduplicateByContent() {
        RequestStore requests = new RequestStore(store, BUCKETS.models());
        Instant now = Instant.now();
        requests.save(new ForgetRequestRecord("req-1", "m", "ds", List.of(3, 1), null, RequestStatus.RECEIVED, null, null, now, now));
        assertThat(requests.pending()).extracting(ForgetRequestRecord::requestId).contains("req-1");
        requests.update("req-1", RequestStatus.UNLEARNED, null, "000002-abc");
        assertThat(requests.find("req-1").orElseThrow().status()).isEqualTo(RequestStatus.UNLEARNED);
        assertThat(requests.pending()).extracting(ForgetRequestRecord::requestId).doesNotContain("req-1");

        String key = RequestStore.contentKey("m", List.of(3, 1));
        assertThat(RequestStore.contentKey("m", List.of(1, 3, 3))).isEqualTo(key);
        requests.indexContent(key, "req-1");
        assertThat(requests.byContent(key)).contains("req-1");
        assertThatThrownBy(() -> requests.find("../etc")).hasMessageContaining("invalid request id");
    }

    @Test
    void receiptsAreWriteOnceAndHoldOnlyHashes() {
        EvidenceStore evidence = new EvidenceStore(store, BUCKETS.evidence());
        ErasureReceipt r = new ErasureReceipt(ErasureReceipt.SCHEMA_VERSION, "req-9", "m", "ds",
                List.of(Hashes.sampleRef("ds", 7)), "FT", SampleEvents.REF, SampleEvents.REF, "pass", List.of(), "pass",
                null, UliraFigures.unavailable("no shadow models yet"), Map.of("miaMax", 0.6), "released",
                Instant.now(), Instant.now());
        assertThat(evidence.putIfAbsent(r)).isTrue();
        assertThat(evidence.putIfAbsent(r)).isFalse();
        assertThat(evidence.find("req-9").orElseThrow().sampleHashes()).containsExactly(Hashes.sampleRef("ds", 7));
        assertThat(Hashes.sampleRef("ds", 7)).hasSize(64).doesNotContain("7:");
    }
}
