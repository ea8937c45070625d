package io.deepunlearn.pipeline.storage;

import io.deepunlearn.pipeline.event.ModelVersionRef;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.security.DetachedSignature;
import io.deepunlearn.pipeline.security.IntegrityException;
import io.deepunlearn.pipeline.security.SecuritySettings;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Model versions in the models bucket: {@code models/{modelId}/versions/{version}/checkpoint.bin + manifest.json}.
 * A version id is {@code <6-digit sequence>-<first 12 hex of the checkpoint's SHA-256>}: ordered and
 * content-addressed. Versions are write-once. Each manifest is signed by the service that wrote it
 * ({@code manifest.json.sig}, Ed25519) and the manifest names the checkpoint's SHA-256, so every read of a manifest
 * verifies the signature against the trusted writer keys and every load verifies the bytes against the signed hash:
 * write access to the bucket alone cannot substitute a model. {@code models/{modelId}/release.json}
 * points at the current release (the last version that passed its audit, or an original/retrained model).
 */
public class CheckpointStore {

    private static final Pattern MODEL_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private final ObjectStore store;
    private final String bucket;
    private final SecuritySettings security;

    public CheckpointStore(ObjectStore store, String bucket, SecuritySettings security) {
        this.store = store;
        this.bucket = bucket;
        this.security = security;
    }

    public String bucket() {
        return bucket;
    }

    public static String requireModelId(String modelId) {
        if (modelId == null || !MODEL_ID.matcher(modelId).matches()) {
            throw new IllegalArgumentException("invalid model id '" + modelId
                    + "': use 1-63 characters of a-z, 0-9, '.', '_' or '-'");
        }
        return modelId;
    }

    private static String prefix(String modelId) {
        return "models/" + requireModelId(modelId) + "/";
    }

    /**
     * Publishes {@code checkpoint} as the next version of {@code draft.modelId()} with the manifest {@code draft}
     * (whose version fields are filled in here). Never overwrites: a concurrent writer makes this fail.
     */
    public ModelManifest publish(byte[] checkpoint, ModelManifest draft) {
        String sha = Hashes.sha256(checkpoint);
        long next = latestVersion(draft.modelId()).map(CheckpointStore::sequence).orElse(0L) + 1;
        String version = String.format("%06d-%s", next, sha.substring(0, 12));
        String dir = prefix(draft.modelId()) + "versions/" + version + "/";
        String s3Version = store.putNew(bucket, dir + "checkpoint.bin", checkpoint, "application/octet-stream");
        ModelManifest manifest = draft.published(version, sha, dir + "checkpoint.bin", s3Version, Instant.now());
        byte[] manifestBytes = EventCodec.encode(manifest);
        // the signature first: a version becomes visible (listed) only once its manifest.json exists
        store.putNew(bucket, dir + "manifest.json.sig", EventCodec.encode(
                security.requireSigner("a checkpoint manifest").sign(manifestBytes)), "application/json");
        store.putNew(bucket, dir + "manifest.json", manifestBytes, "application/json");
        return manifest;
    }

    static long sequence(String version) {
        return Long.parseLong(version.substring(0, version.indexOf('-')));
    }

    public List<String> versions(String modelId) {
        String versionsPrefix = prefix(modelId) + "versions/";
        return store.list(bucket, versionsPrefix, true).stream()
                .filter(k -> k.endsWith("/manifest.json"))
                .map(k -> k.substring(versionsPrefix.length(), k.length() - "/manifest.json".length()))
                .sorted(Comparator.comparingLong(CheckpointStore::sequence))
                .toList();
    }

    public Optional<String> latestVersion(String modelId) {
        List<String> all = versions(modelId);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    public Optional<ModelManifest> latest(String modelId) {
        return latestVersion(modelId).map(v -> manifest(modelId, v));
    }

    /** The version's manifest, after verifying its signature ({@link IntegrityException} when it does not). */
    public ModelManifest manifest(String modelId, String version) {
        String key = prefix(modelId) + "versions/" + version + "/manifest.json";
        byte[] bytes = store.get(bucket, key)
                .orElseThrow(() -> new StorageException("no model version " + modelId + "@" + version));
        String what = "manifest of " + modelId + "@" + version;
        DetachedSignature sig = store.get(bucket, key + ".sig").map(b -> EventCodec.read(b, DetachedSignature.class))
                .orElse(null);
        security.checkpointKeys().verify(bytes, sig, what);
        ModelManifest m = EventCodec.read(bytes, ModelManifest.class);
        if (!modelId.equals(m.modelId()) || !version.equals(m.version())) {
            // a genuine signed manifest copied under another version's key
            throw new IntegrityException(what + " names " + m.modelId() + "@" + m.version() + ": refusing it");
        }
        return m;
    }

    /**
     * The checkpoint bytes, verified against the SHA-256 in the version's signed manifest (and the reference's):
     * a replaced checkpoint or manifest is refused with {@link IntegrityException}.
     */
    public byte[] load(ModelVersionRef ref) {
        ModelManifest signed = manifest(ref.modelId(), ref.version());
        if (!signed.sha256().equalsIgnoreCase(ref.sha256()) || !signed.checkpointKey().equals(ref.checkpointKey())) {
            throw new IntegrityException("checkpoint reference " + ref.modelId() + "@" + ref.version() + " (SHA-256 "
                    + ref.sha256() + ") does not match its signed manifest (SHA-256 " + signed.sha256() + "): refusing it");
        }
        byte[] bytes = store.get(bucket, signed.checkpointKey())
                .orElseThrow(() -> new StorageException("checkpoint missing: s3://" + bucket + "/" + ref.checkpointKey()));
        String actual = Hashes.sha256(bytes);
        if (!actual.equalsIgnoreCase(signed.sha256())) {
            throw new IntegrityException("checkpoint " + ref.modelId() + "@" + ref.version() + " has SHA-256 " + actual
                    + " but its signed manifest says " + signed.sha256() + ": it was tampered with; refusing to use it");
        }
        return bytes;
    }

    /** Model ids that have at least one version. */
    public List<String> modelIds() {
        return store.list(bucket, "models/", false).stream()
                .filter(k -> k.endsWith("/"))
                .map(k -> k.substring("models/".length(), k.length() - 1))
                .sorted().toList();
    }

    /** Marks {@code version} as the model's current release (a mutable pointer; versions stay immutable). */
    public void release(String modelId, String version, String reason) {
        Map<String, Object> pointer = Map.of("modelId", modelId, "version", version, "reason", reason,
                "releasedAt", Instant.now().toString());
        store.put(bucket, prefix(modelId) + "release.json", EventCodec.encode(pointer), "application/json");
    }

    public Optional<String> releasedVersion(String modelId) {
        return store.get(bucket, prefix(modelId) + "release.json")
                .map(b -> String.valueOf(EventCodec.read(b, Map.class).get("version")));
    }
}
