package io.deepunlearn.pipeline.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.checkpoint.CheckpointIO;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.interop.ServingExport;
import io.deepunlearn.core.interop.StateDictWeights;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import io.deepunlearn.infra.EmbeddedS3;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.messaging.EventCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release writes the version's serving weights ({@code model.safetensors}, PyTorch state_dict names) beside its
 * checkpoint before {@code release.json} names them, against the in-process S3 server.
 */
class ServingReleaseTest {

    private static final ModelSpec SPEC = new ModelSpec("small-cnn", 7, 3, 16);
    private static EmbeddedS3 s3;
    private static ObjectStore store;
    private static CheckpointStore checkpoints;
    private static NDManager manager;
    private static byte[] checkpoint;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.startTemporary();
        store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), null));
        Buckets.defaults().ensure(store);
        checkpoints = new CheckpointStore(store, Buckets.defaults().models(), StoresTest.keysOf("trainer-service"));
        manager = Engines.pytorch().newBaseManager();
        try (Network net = Architectures.create(SPEC, manager.newSubManager(), 5)) {
            // BatchNorm statistics away from their initial 0/1, so the test sees them travel
            for (Param p : net.tensors().values()) {
                if (p.isBuffer()) {
                    p.set(p.value().getManager().randomUniform(0.5f, 1.5f, p.shape()));
                }
            }
            checkpoint = CheckpointIO.toBytes(net, Map.of(StateDictWeights.META_COUNTERS,
                    Map.of("block2.bn.num_batches_tracked", 42)));
        }
    }

    @AfterAll
    static void stop() {
        manager.close();
        store.close();
        s3.close();
    }

    private static ModelManifest publish(String modelId, byte[] bytes) {
        TrainingSpec spec = new TrainingSpec("synthetic", 200, 50, "small-cnn", 1, 1, 32, 0.05);
        return checkpoints.publish(bytes, new ModelManifest(modelId, null, null, null, null, null, spec.datasetId(),
                spec, "test:original", List.of(1, 2, 3), List.of(9), List.of(), List.of(), null));
    }

    private static String releaseJson(String modelId) {
        return new String(store.get(Buckets.defaults().models(), "models/" + modelId + "/release.json").orElseThrow(),
                StandardCharsets.UTF_8);
    }

    /**
     * The weights object is there, its SHA-256 is the one release.json records, it is the GET /weights export, and
     * PyTorch-named import of it gives the checkpoint's logits bit for bit (same float32 values, same engine).
     */
    @Test
    void aReleaseWritesLoadableWeightsAndNamesThem(@TempDir Path dir) {
        ModelManifest m = publish("serve-a", checkpoint);
        Release r = checkpoints.release("serve-a", m.version(), "original model");

        String key = "models/serve-a/versions/" + m.version() + "/model.safetensors";
        Release.Weights w = r.weights();
        assertThat(w.key()).isEqualTo(key);
        assertThat(w.format()).isEqualTo("safetensors");
        assertThat(List.of(w.architecture(), w.numClasses(), w.channels(), w.imageSize()))
                .containsExactly("small-cnn", 7, 3, 16);
        assertThat(r.weightsUnavailable()).isNull();
        assertThat(checkpoints.released("serve-a")).contains(r);
        assertThat(r.schemaVersion()).isEqualTo(Release.SCHEMA_VERSION);
        assertThat(releaseJson("serve-a")).contains("\"weights\":{\"key\":\"" + key + "\"")
                .doesNotContain("weightsUnavailable");

        byte[] stored = store.get(checkpoints.bucket(), key).orElseThrow();
        assertThat(Hashes.sha256(stored)).isEqualTo(w.sha256());
        assertThat(stored).hasSize((int) w.size())
                .isEqualTo(ServingExport.safetensors(checkpoint, m.sha256(), m.checkpointKey()));

        Path file = dir.resolve("model.safetensors");
        try (NDManager scratch = manager.newSubManager()) {
            Files.write(file, stored);
            StateDictWeights.Imported imported = StateDictWeights.importFile(w.architecture(), file, w.imageSize(),
                    null, scratch);
            Network original = CheckpointIO.fromBytes(checkpoints.load(m.ref()), m.sha256(), "test")
                    .toNetwork(scratch.newSubManager());
            NDArray x = scratch.randomNormal(new Shape(4, 3, 16, 16));
            float[] expected = original.forward(x, false).toFloatArray();
            assertThat(imported.network().forward(x, false).toFloatArray()).containsExactly(expected);
            assertThat(imported.numBatchesTracked()).containsEntry("block2.bn.num_batches_tracked", 42L);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Redelivery: the same version released again (and again after another) finds its weights and succeeds. */
    @Test
    void releasingAgainIsIdempotent() {
        ModelManifest v1 = publish("serve-b", checkpoint);
        Release first = checkpoints.release("serve-b", v1.version(), "original model");
        Release again = checkpoints.release("serve-b", v1.version(), "original model");
        assertThat(again.weights()).isEqualTo(first.weights());

        ModelManifest v2 = checkpoints.publish(checkpoint, v1.successor("test:FT", List.of(2), List.of("r-1")));
        Release second = checkpoints.release("serve-b", v2.version(), "audit pass");
        assertThat(second.weights().key()).contains("/versions/" + v2.version() + "/")
                .isNotEqualTo(first.weights().key());
        assertThat(second.weights().sha256()).isEqualTo(first.weights().sha256()); // same tensors, same bytes
        assertThat(checkpoints.release("serve-b", v1.version(), "rolled back").weights()).isEqualTo(first.weights());
        assertThat(checkpoints.releasedVersion("serve-b")).contains(v1.version());
    }

    /** Other bytes under the weights key were not written by a release: refused, the pointer stays where it was. */
    @Test
    void foreignBytesUnderTheWeightsKeyAreRefused() {
        ModelManifest v1 = publish("serve-c", checkpoint);
        checkpoints.release("serve-c", v1.version(), "original model");
        ModelManifest v2 = checkpoints.publish(checkpoint, v1.successor("test:FT", List.of(2), List.of("r-1")));
        store.put(checkpoints.bucket(), "models/serve-c/versions/" + v2.version() + "/model.safetensors",
                "evil".getBytes(StandardCharsets.UTF_8), "application/octet-stream");
        assertThatThrownBy(() -> checkpoints.release("serve-c", v2.version(), "audit pass"))
                .isInstanceOf(StorageException.class).hasMessageContaining("refusing to release it");
        assertThat(checkpoints.releasedVersion("serve-c")).contains(v1.version());
    }

    /**
     * A version this process cannot rebuild (its architecture's jar is not on the classpath, or bytes that are no
     * checkpoint) is released without weights, and release.json says why instead.
     */
    @Test
    void aVersionThatCannotBeExportedIsReleasedWithTheReason() {
        byte[] foreign = replaceOnce(checkpoint, "\"small-cnn\"", "\"user-net1\""); // same length: header stays valid
        ModelManifest m = publish("serve-d", foreign);
        Release r = checkpoints.release("serve-d", m.version(), "registered model");
        assertThat(r.weights()).isNull();
        assertThat(r.weightsUnavailable()).contains("architecture 'user-net1' is not known here");
        assertThat(releaseJson("serve-d")).doesNotContain("\"weights\"").contains("\"weightsUnavailable\"");
        assertThat(store.exists(checkpoints.bucket(), "models/serve-d/versions/" + m.version() + "/model.safetensors"))
                .isFalse();

        ModelManifest garbage = publish("serve-e", "not a checkpoint".getBytes(StandardCharsets.UTF_8));
        assertThat(checkpoints.release("serve-e", garbage.version(), "x").weightsUnavailable())
                .contains("not a DeepUnlearn checkpoint");
    }

    /** A release.json written before schema 2 (no schemaVersion, no weights) still reads. */
    @Test
    void aSchemaOneRecordStillReads() {
        ModelManifest m = publish("serve-f", "old".getBytes(StandardCharsets.UTF_8));
        String v1 = "{\"modelId\":\"serve-f\",\"version\":\"" + m.version() + "\",\"reason\":\"audit pass\","
                + "\"releasedAt\":\"2026-11-01T10:00:00.123Z\"}";
        store.put(checkpoints.bucket(), "models/serve-f/release.json", v1.getBytes(StandardCharsets.UTF_8),
                "application/json");
        Release r = checkpoints.released("serve-f").orElseThrow();
        assertThat(r.schemaVersion()).isEqualTo(1);
        assertThat(r.version()).isEqualTo(m.version());
        assertThat(r.weights()).isNull();
        assertThat(r.weightsUnavailable()).isNull();
        assertThat(checkpoints.releasedVersion("serve-f")).contains(m.version());
        assertThat(EventCodec.read(EventCodec.encode(r), Release.class)).isEqualTo(r);
    }

    private static byte[] replaceOnce(byte[] bytes, String from, String to) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(from);
        assertThat(at).isPositive();
        return (s.substring(0, at) + to + s.substring(at + from.length())).getBytes(StandardCharsets.ISO_8859_1);
    }
}
