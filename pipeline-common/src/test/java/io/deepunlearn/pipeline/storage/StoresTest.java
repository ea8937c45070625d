package io.deepunlearn.pipeline.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.event.SampleEvents;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.event.UliraFigures;
import io.deepunlearn.pipeline.security.IntegrityException;
import io.deepunlearn.pipeline.security.LocalSecrets;
import io.deepunlearn.pipeline.security.Pseudonymizer;
import io.deepunlearn.pipeline.security.SecuritySettings;
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
    static final LocalSecrets SECRETS = LocalSecrets.generate();

    /** A service's keys, as the local stack would configure it. */
    static SecuritySettings keysOf(String service) {
        Map<String, String> c = SECRETS.serviceConfig(service);
        return SecuritySettings.from(k -> java.util.Optional.ofNullable(c.get(k)));
    }

    static Pseudonymizer pseudonyms() {
        Map<String, String> c = SECRETS.serviceConfig("auditor-service");
        return Pseudonymizer.fromConfig(k -> java.util.Optional.ofNullable(c.get(k)));
    }

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

    /** A purge removes a folder for good (every version where the bucket keeps them) and nothing beside it. */
    @Test
    void purgeRemovesAFolderWithEveryVersionAndNothingElse() {
        String bucket = BUCKETS.models();
        String dir = "purge-" + System.nanoTime();
        byte[] one = "1".getBytes(StandardCharsets.UTF_8);
        store.put(bucket, dir + "/a/x.bin", one, "application/octet-stream");
        store.put(bucket, dir + "/a/x.bin", "2".getBytes(StandardCharsets.UTF_8), "application/octet-stream");
        store.put(bucket, dir + "/a/y/z.json", one, "application/json");
        store.put(bucket, dir + "/ab/w.bin", one, "application/octet-stream");
        assertThat(store.purge(bucket, dir + "/a/")).containsExactlyInAnyOrder(dir + "/a/x.bin", dir + "/a/y/z.json");
        assertThat(store.list(bucket, dir + "/a/", true)).isEmpty();
        assertThat(store.get(bucket, dir + "/a/x.bin")).isEmpty();
        if (store.versioned(bucket)) {
            assertThat(store.versions(bucket, dir + "/a/")).as("no noncurrent version or delete marker left").isEmpty();
        }
        assertThat(store.get(bucket, dir + "/ab/w.bin")).isPresent();
        assertThatThrownBy(() -> store.purge(bucket, dir)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The three services (and any new replica) prepare the same buckets at the same moment: the losers of the
     * creation race must not fail to start (seen as "BucketAlreadyOwnedByYou" killing a service at stack start).
     */
    @Test
    void servicesPreparingTheSameBucketsAtOnceAllStart() throws Exception {
        for (boolean lock : List.of(false, true)) {
            String bucket = "race-" + lock + "-" + System.nanoTime();
            var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            try {
                var ready = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<ObjectStore.BucketFeatures>> all = new java.util.ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    all.add(pool.submit(() -> {
                        ready.await();
                        return store.ensureBucket(bucket, lock);
                    }));
                }
                ready.countDown();
                for (var f : all) {
                    assertThat(f.get()).isNotNull();
                }
                assertThat(store.reachable(bucket)).isTrue();
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void versionsAreOrderedContentAddressedImmutableAndVerifiedOnLoad() {
        CheckpointStore checkpoints = new CheckpointStore(store, BUCKETS.models(), keysOf("trainer-service"));
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
        assertThatThrownBy(() -> checkpoints.load(v1.ref())).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("tampered with; refusing to use it");

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
    void requestRecordsAreCreatedOnceKeepOpenMarkersAndDeduplicateByContent() {
        RequestStore requests = new RequestStore(store, BUCKETS.models());
        Instant now = Instant.now();
        ForgetRequestRecord r = ForgetRequestRecord.received("req-1", "m", "ds", List.of(3, 1), null, now, now);
        assertThat(requests.create(r)).isTrue();
        assertThat(requests.create(r.with(RequestStatus.UNLEARNED, null, "x", now))).isFalse();
        assertThat(requests.find("req-1").orElseThrow().status()).isEqualTo(RequestStatus.RECEIVED);
        assertThat(requests.openModels()).contains("m");
        assertThat(requests.openRequestIds("m")).contains("req-1");
        requests.save(r.with(RequestStatus.PUBLISHED, null, "000002-abc", now));
        assertThat(requests.find("req-1").orElseThrow().status()).isEqualTo(RequestStatus.PUBLISHED);
        assertThat(requests.openRequestIds("m")).doesNotContain("req-1");

        Pseudonymizer p = pseudonyms();
        String key = p.contentKey("controller-a", "m", List.of(3, 1));
        assertThat(p.contentKey("controller-a", "m", List.of(1, 3, 3))).isEqualTo(key);
        // scoped by requester: another requester's identical request is not a duplicate of this one
        assertThat(p.contentKey("controller-b", "m", List.of(1, 3))).isNotEqualTo(key);
        requests.indexContent(key, "req-1");
        assertThat(requests.byContent(key)).contains("req-1");
        requests.removeContent(key);
        assertThat(requests.byContent(key)).isEmpty();
        assertThatThrownBy(() -> requests.find("../etc")).hasMessageContaining("invalid request id");
    }

    /** Listings by status and/or model walk the index prefixes page by page; the record decides the status. */
    @Test
    void requestsArePagedByStatusAndModelFromTheirIndex() {
        String bucket = "paging-" + System.nanoTime();
        store.ensureBucket(bucket, false);
        RequestStore requests = new RequestStore(store, bucket);
        Instant now = Instant.now();
        for (int i = 0; i < 7; i++) {
            String model = i % 2 == 0 ? "m-even" : "m-odd";
            ForgetRequestRecord r = ForgetRequestRecord.received("req-" + i, model, "ds", List.of(i), null, now, now);
            requests.create(r);
            if (i < 3) {
                requests.save(r, r.with(RequestStatus.UNLEARNING, null, null, now));
            }
        }
        // unfiltered: every record, three pages of 3, 3, 1 in request-id order
        List<String> all = new java.util.ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            RequestStore.Page page = requests.page(null, null, 3, token);
            page.records().forEach(r -> all.add(r.requestId()));
            token = page.nextPageToken();
            pages++;
        } while (token != null);
        assertThat(all).containsExactly("req-0", "req-1", "req-2", "req-3", "req-4", "req-5", "req-6");
        assertThat(pages).isEqualTo(3);

        assertThat(requests.page(RequestStatus.UNLEARNING, null, 10, null).records())
                .extracting(ForgetRequestRecord::requestId).containsExactly("req-0", "req-2", "req-1");
        RequestStore.Page evenReceived = requests.page(RequestStatus.RECEIVED, "m-even", 1, null);
        assertThat(evenReceived.records()).extracting(ForgetRequestRecord::requestId).containsExactly("req-4");
        assertThat(requests.page(RequestStatus.RECEIVED, "m-even", 1, evenReceived.nextPageToken()).records())
                .extracting(ForgetRequestRecord::requestId).containsExactly("req-6");
        assertThat(requests.page(null, "m-odd", 10, null).records()).extracting(ForgetRequestRecord::requestId)
                .containsExactly("req-1", "req-3", "req-5");
        assertThat(requests.page(RequestStatus.UNLEARNING, "m-odd", 10, null).nextPageToken()).isNull();

        // an index entry its record contradicts (a crash between the entry and the record) is not listed
        ForgetRequestRecord r3 = requests.find("req-3").orElseThrow();
        store.put(bucket, "requests/index/status/PUBLISHED/m-odd/req-3", new byte[0], "application/octet-stream");
        assertThat(requests.page(RequestStatus.PUBLISHED, null, 10, null).records()).isEmpty();
        assertThat(r3.status()).isEqualTo(RequestStatus.RECEIVED);

        // a token belongs to its listing
        String foreign = requests.page(null, null, 1, null).nextPageToken();
        assertThatThrownBy(() -> requests.page(RequestStatus.RECEIVED, null, 1, foreign))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("page token");
        assertThatThrownBy(() -> requests.page(null, null, 1, "%%%")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tombstonesAreOneWriteOnceObjectPerRequestAndTrainingSeesTheirUnion() {
        TombstoneStore tombstones = new TombstoneStore(store, BUCKETS.datasets());
        assertThat(tombstones.write("ds-t", "fr-1", List.of(4, 2))).isTrue();
        assertThat(tombstones.write("ds-t", "fr-1", List.of(9))).isFalse();
        assertThat(tombstones.write("ds-t", "fr-2", List.of(2, 7))).isTrue();
        assertThat(tombstones.union("ds-t")).containsExactly(2, 4, 7);
        tombstones.withdraw("ds-t", "fr-2");
        assertThat(tombstones.union("ds-t")).containsExactly(2, 4);
        assertThat(tombstones.union("ds-none")).isEmpty();
    }

    /** The fence: two writers publish from the same parent at once; exactly one version gets the sequence. */
    @Test
    void aSecondWriterFromTheSameParentFailsAndTheLineageNeverForks() throws Exception {
        CheckpointStore checkpoints = new CheckpointStore(store, BUCKETS.models(), keysOf("unlearner-service"));
        ModelManifest parent = checkpoints.publish("root".getBytes(StandardCharsets.UTF_8), draft("model-race"));
        int writers = 8;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<ModelManifest>> results = new java.util.ArrayList<>();
        for (int i = 0; i < writers; i++) {
            byte[] bytes = ("run " + i).getBytes(StandardCharsets.UTF_8);
            List<Integer> forget = List.of(1 + (i % 3));
            results.add(pool.submit(() -> {
                start.await();
                return checkpoints.publish(bytes, parent.successor("unlearner:FT", forget, List.of("r-" + bytes.length)));
            }));
        }
        start.countDown();
        int won = 0;
        int lost = 0;
        for (var f : results) {
            try {
                f.get();
                won++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(VersionConflictException.class);
                lost++;
            }
        }
        pool.shutdown();
        assertThat(won).isEqualTo(1);
        assertThat(lost).isEqualTo(writers - 1);
        assertThat(checkpoints.versions("model-race")).hasSize(2);
        ModelManifest head = checkpoints.latest("model-race").orElseThrow();
        assertThat(head.parentVersion()).isEqualTo(parent.version());
        assertThat(checkpoints.descendsFrom("model-race", head.version(), parent.version())).isTrue();
        // a retry of the winner's own publication is idempotent; a successor that forgets less is refused
        ModelManifest shrunk = new ModelManifest("model-race", null, head.version(), null, null, null, head.datasetId(),
                head.training(), "unlearner:FT", head.trainSampleIds(), head.heldOutSampleIds(), List.of(),
                head.requestIds(), null);
        assertThatThrownBy(() -> checkpoints.publish("x".getBytes(StandardCharsets.UTF_8), shrunk))
                .isInstanceOf(StorageException.class).hasMessageContaining("forget fewer samples");
    }

    @Test
    void receiptsAreWriteOnceAndHoldOnlyHashes() {
        EvidenceStore evidence = new EvidenceStore(store, BUCKETS.evidence(), keysOf("auditor-service"));
        Pseudonymizer p = pseudonyms();
        ErasureReceipt r = new ErasureReceipt(ErasureReceipt.SCHEMA_VERSION, "req-9", "m", "ds",
                List.of(p.sampleRef("ds", 7)), "FT", SampleEvents.REF, SampleEvents.REF, "pass", List.of(), "pass",
                null, UliraFigures.unavailable("no shadow models yet"), Map.of("miaMax", 0.6), "released",
                Instant.now(), Instant.now());
        assertThat(evidence.putIfAbsent(r)).isTrue();
        assertThat(evidence.putIfAbsent(r)).isFalse();
        assertThat(evidence.find("req-9").orElseThrow().sampleHashes()).containsExactly(p.sampleRef("ds", 7));
        assertThat(p.sampleRef("ds", 7)).matches("local-1:[0-9a-f]{64}");
    }

    @Test
    void aReplacedManifestOrOneSignedByAnUntrustedKeyIsRefused() {
        CheckpointStore trainer = new CheckpointStore(store, BUCKETS.models(), keysOf("trainer-service"));
        ModelManifest v1 = trainer.publish("weights".getBytes(StandardCharsets.UTF_8), draft("model-sig"));
        String manifestKey = "models/model-sig/versions/" + v1.version() + "/manifest.json";
        byte[] genuine = store.get(BUCKETS.models(), manifestKey).orElseThrow();
        assertThat(trainer.manifest("model-sig", v1.version())).isEqualTo(v1);

        // an attacker with bucket write access rewrites the manifest (e.g. to pretend samples were forgotten)
        ModelManifest forged = v1.successor("unlearner:FT", List.of(1, 2), List.of("r-x"));
        String tampered = new String(genuine, StandardCharsets.UTF_8).replace("\"forgottenSampleIds\":[]",
                "\"forgottenSampleIds\":[1,2]");
        assertThat(tampered).isNotEqualTo(new String(genuine, StandardCharsets.UTF_8));
        store.put(BUCKETS.models(), manifestKey, tampered.getBytes(StandardCharsets.UTF_8), "application/json");
        assertThatThrownBy(() -> trainer.manifest("model-sig", v1.version())).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("manifest of model-sig@" + v1.version())
                .hasMessageContaining("modified after signing");
        assertThatThrownBy(() -> trainer.load(v1.ref())).isInstanceOf(IntegrityException.class);
        store.put(BUCKETS.models(), manifestKey, genuine, "application/json");

        // the auditor holds a signing key too, but it is not a checkpoint writer: its versions are refused
        CheckpointStore auditor = new CheckpointStore(store, BUCKETS.models(), keysOf("auditor-service"));
        ModelManifest rogue = auditor.publish("other".getBytes(StandardCharsets.UTF_8), forged);
        assertThatThrownBy(() -> trainer.load(rogue.ref())).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("unknown key 'auditor-local'");
        // a missing signature is refused, not treated as "unsigned but fine"
        store.put(BUCKETS.models(), manifestKey + ".sig", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
        assertThatThrownBy(() -> trainer.manifest("model-sig", v1.version())).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("is not signed");
    }

    @Test
    void aModifiedReceiptIsRefusedOnRead() {
        EvidenceStore evidence = new EvidenceStore(store, BUCKETS.evidence(), keysOf("auditor-service"));
        ErasureReceipt r = new ErasureReceipt(ErasureReceipt.SCHEMA_VERSION, "req-tamper", "m", "ds",
                List.of(pseudonyms().sampleRef("ds", 1)), "FT", SampleEvents.REF, SampleEvents.REF, "fail",
                List.of("MIA too high"), "fail", null, UliraFigures.unavailable("no shadow models yet"),
                Map.of("miaMax", 0.6), "retrain-requested", Instant.now(), Instant.now());
        assertThat(evidence.putIfAbsent(r)).isTrue();
        String key = "receipts/req-tamper.json";
        String json = new String(store.get(BUCKETS.evidence(), key).orElseThrow(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"signature\"");
        store.put(BUCKETS.evidence(), key, json.replace("\"fail\"", "\"pass\"").getBytes(StandardCharsets.UTF_8),
                "application/json");
        assertThatThrownBy(() -> evidence.find("req-tamper")).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("receipt req-tamper does not match its signature");
        // a receipt written with another service's key (the trainer's) is refused too
        EvidenceStore forger = new EvidenceStore(store, BUCKETS.evidence(), keysOf("trainer-service"));
        assertThat(forger.putIfAbsent(new ErasureReceipt(ErasureReceipt.SCHEMA_VERSION, "req-forged", "m", "ds",
                List.of(), "FT", SampleEvents.REF, SampleEvents.REF, "pass", List.of(), "pass", null,
                UliraFigures.unavailable("no shadow models yet"), Map.of(), "released", Instant.now(),
                Instant.now()))).isTrue();
        assertThatThrownBy(() -> evidence.find("req-forged")).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("unknown key 'trainer-local'");
    }
}
