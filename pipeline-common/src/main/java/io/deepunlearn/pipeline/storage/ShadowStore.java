package io.deepunlearn.pipeline.storage;

import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.security.DetachedSignature;
import io.deepunlearn.pipeline.security.IntegrityException;
import io.deepunlearn.pipeline.security.SecuritySettings;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * U-LiRA's shadow models in the models bucket, beside (not among) the models, so that no forget request or model
 * listing ever targets them: {@code shadows/{modelId}/g{generation}/k{index}/checkpoint.bin + manifest.json}, the
 * same checkpoint format and manifest as any version (its {@code trainSampleIds} are exactly what the shadow
 * trained on). Each manifest is signed by the trainer that wrote it ({@code manifest.json.sig}, as a version's), so
 * a shadow that would bias the audit cannot be slipped in: {@link #shadows} skips any whose signature does not
 * verify against the trusted checkpoint writers, and {@link #load} checks the bytes against the signed SHA-256.
 * Write-once; a superseded generation is deleted as a whole (the auditor's ShadowPlanner decides when).
 */
public class ShadowStore {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowStore.class);
    private final ObjectStore store;
    private final String bucket;
    private final SecuritySettings security;

    public ShadowStore(ObjectStore store, String bucket, SecuritySettings security) {
        this.store = store;
        this.bucket = bucket;
        this.security = security;
    }

    private static String lineage(String modelId) {
        return "shadows/" + CheckpointStore.requireModelId(modelId) + "/";
    }

    static String dir(String modelId, int generation, int index) {
        return lineage(modelId) + String.format("g%06d/k%04d/", generation, index);
    }

    /** The shadow's version label in its manifest: {@code g<generation>-k<index>}. */
    public static String version(int generation, int index) {
        return String.format("g%06d-k%04d", generation, index);
    }

    public boolean exists(String modelId, int generation, int index) {
        return store.exists(bucket, dir(modelId, generation, index) + "manifest.json");
    }

    /** Stores a shadow; {@code draft}'s version fields are filled in here. */
    public ModelManifest publish(byte[] checkpoint, ModelManifest draft, int generation, int index) {
        String sha = Hashes.sha256(checkpoint);
        String dir = dir(draft.modelId(), generation, index);
        String s3Version = store.putNew(bucket, dir + "checkpoint.bin", checkpoint, "application/octet-stream");
        ModelManifest m = draft.published(version(generation, index), sha, dir + "checkpoint.bin", s3Version, Instant.now());
        byte[] manifest = EventCodec.encode(m);
        // the signature first: a manifest is only listed once it exists, and by then it verifies
        store.putNew(bucket, dir + "manifest.json.sig", EventCodec.encode(
                security.requireSigner("a shadow model's manifest").sign(manifest)), "application/json");
        store.putNew(bucket, dir + "manifest.json", manifest, "application/json");
        return m;
    }

    /** The generations of a lineage that have at least one shadow, newest first. */
    public List<Integer> generations(String modelId) {
        String prefix = lineage(modelId);
        return store.list(bucket, prefix, false).stream().filter(k -> k.endsWith("/"))
                .map(k -> k.substring(prefix.length(), k.length() - 1)).filter(g -> g.matches("g\\d{6}"))
                .map(g -> Integer.parseInt(g.substring(1))).sorted(Comparator.reverseOrder()).toList();
    }

    /** The model ids that have shadows. */
    public List<String> lineages() {
        return store.list(bucket, "shadows/", false).stream().filter(k -> k.endsWith("/"))
                .map(k -> k.substring("shadows/".length(), k.length() - 1)).sorted().toList();
    }

    /** When the generation's newest shadow was stored (empty when it has none). */
    public Optional<Instant> storedAt(String modelId, int generation) {
        String prefix = lineage(modelId) + String.format("g%06d/", generation);
        return store.listModified(bucket, prefix).entrySet().stream().filter(e -> e.getKey().endsWith("/manifest.json"))
                .map(Map.Entry::getValue).filter(java.util.Objects::nonNull).max(Comparator.naturalOrder());
    }

    /**
     * Deletes a generation for good (every version on a versioned bucket): the manifests first, so that listings
     * stop offering its shadows before their checkpoints go. Returns how many objects were removed.
     */
    public int delete(String modelId, int generation) {
        String prefix = lineage(modelId) + String.format("g%06d/", generation);
        List<String> manifests = store.list(bucket, prefix, true).stream().filter(k -> k.endsWith("/manifest.json")).toList();
        manifests.forEach(k -> store.delete(bucket, k));
        return manifests.size() + store.purge(bucket, prefix).size();
    }

    /** The manifests of a generation's shadows whose signatures verify, by index (a forged one is left out). */
    public List<ModelManifest> shadows(String modelId, int generation) {
        String prefix = lineage(modelId) + String.format("g%06d/", generation);
        return store.list(bucket, prefix, true).stream().filter(k -> k.endsWith("/manifest.json")).sorted()
                .map(this::verified).flatMap(Optional::stream).toList();
    }

    private Optional<ModelManifest> verified(String key) {
        return store.get(bucket, key).flatMap(bytes -> {
            DetachedSignature sig = store.get(bucket, key + ".sig").map(b -> EventCodec.read(b, DetachedSignature.class))
                    .orElse(null);
            try {
                security.checkpointKeys().verify(bytes, sig, "shadow manifest " + key);
            } catch (IntegrityException e) {
                LOG.warn("{}: left out", e.getMessage());
                return Optional.empty();
            }
            return Optional.of(EventCodec.read(bytes, ModelManifest.class));
        });
    }

    /** A shadow's checkpoint, verified against the SHA-256 of its (signed, see {@link #shadows}) manifest. */
    public byte[] load(ModelManifest shadow) {
        byte[] bytes = store.get(bucket, shadow.checkpointKey())
                .orElseThrow(() -> new StorageException("shadow checkpoint missing: s3://" + bucket + "/" + shadow.checkpointKey()));
        if (!shadow.checkpointKey().startsWith("shadows/") || !Hashes.sha256(bytes).equalsIgnoreCase(shadow.sha256())) {
            throw new IntegrityException("shadow " + shadow.modelId() + "@" + shadow.version() + " does not match its "
                    + "signed manifest: refusing it");
        }
        return bytes;
    }
}
