package io.deepunlearn.pipeline.storage;

import io.deepunlearn.core.checkpoint.CheckpointException;
import io.deepunlearn.core.interop.ServingExport;
import io.deepunlearn.pipeline.event.ModelVersionRef;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.fault.CrashPoints;
import io.deepunlearn.pipeline.security.DetachedSignature;
import io.deepunlearn.pipeline.security.IntegrityException;
import io.deepunlearn.pipeline.security.SecuritySettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model versions in the models bucket: {@code models/{modelId}/versions/{version}/checkpoint.bin + manifest.json}.
 * A version id is {@code <6-digit sequence>-<first 12 hex of the checkpoint's SHA-256>}: ordered and
 * content-addressed. A version exists once {@code models/{modelId}/sequence/{seq}} names it (the fence, see
 * {@link #publish}). Versions are write-once. Each manifest is signed by the service that wrote it
 * ({@code manifest.json.sig}, Ed25519) and the manifest names the checkpoint's SHA-256, so every read of a manifest
 * verifies the signature against the trusted writer keys and every load verifies the bytes against the signed hash:
 * write access to the bucket alone cannot substitute a model. {@code models/{modelId}/release.json} points at the
 * current release (the last version that passed its audit, or an original/retrained model) and names its weights
 * for model servers, {@code versions/{version}/model.safetensors} ({@link Release}).
 */
public class CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    /** The serving export beside a released version's checkpoint. */
    public static final String WEIGHTS_FILE = "model.safetensors";

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
     * Publishes {@code checkpoint} as the successor of {@code draft.parentVersion()} (or, for a model without a
     * parent, as the next sequence) with the manifest {@code draft}, whose version fields are filled in here.
     *
     * <p>The fence: the new version's sequence is the parent's + 1, and it only exists once
     * {@code models/{id}/sequence/{seq}} is created with a conditional write naming it. Data goes first, into a
     * content-addressed directory (a retry or a rival with other bytes writes elsewhere); the claim is the commit
     * point. A second writer from the same parent loses the claim and gets {@link VersionConflictException}, so
     * the lineage never forks. A successor must keep every sample its parent forgot (erasure never regresses).
     */
    public ModelManifest publish(byte[] checkpoint, ModelManifest draft) {
        String modelId = draft.modelId();
        long next;
        if (draft.parentVersion() != null) {
            ModelManifest parent = manifest(modelId, draft.parentVersion());
            if (!new HashSet<>(draft.forgottenSampleIds()).containsAll(parent.forgottenSampleIds())) {
                throw new StorageException("successor of " + modelId + "@" + parent.version()
                        + " would forget fewer samples than its parent: refusing to publish it");
            }
            next = sequence(parent.version()) + 1;
        } else {
            next = latestSequence(modelId) + 1;
        }
        String sha = Hashes.sha256(checkpoint);
        String version = String.format("%06d-%s", next, sha.substring(0, 12));
        String dir = prefix(modelId) + "versions/" + version + "/";
        String s3Version = null;
        try {
            s3Version = store.putNew(bucket, dir + "checkpoint.bin", checkpoint, "application/octet-stream");
        } catch (ObjectExistsException e) {
            // same key = same sequence and bytes: an earlier attempt of this publication; verified on every load
        }
        CrashPoints.reach(CrashPoints.AFTER_UPLOAD);
        ModelManifest manifest = draft.published(version, sha, dir + "checkpoint.bin", s3Version, Instant.now());
        byte[] manifestBytes = EventCodec.encode(manifest);
        try {
            store.putNew(bucket, dir + "manifest.json", manifestBytes, "application/json");
        } catch (ObjectExistsException e) {
            // an earlier attempt of this publication wrote it: sign those bytes (Ed25519 is deterministic), but
            // only if they describe this very checkpoint and lineage
            manifestBytes = store.get(bucket, dir + "manifest.json")
                    .orElseThrow(() -> new StorageException("manifest of " + modelId + "@" + version + " vanished"));
            ModelManifest earlier = EventCodec.read(manifestBytes, ModelManifest.class);
            if (!sha.equalsIgnoreCase(earlier.sha256()) || !manifest.checkpointKey().equals(earlier.checkpointKey())
                    || !java.util.Objects.equals(draft.parentVersion(), earlier.parentVersion())
                    || !draft.forgottenSampleIds().equals(earlier.forgottenSampleIds())) {
                throw new IntegrityException("an unsigned manifest of " + modelId + "@" + version
                        + " that does not describe this checkpoint is in the way: refusing to sign it");
            }
            manifest = earlier;
        }
        // the signature before the claim: a version exists only once its sequence claim names it, and by then its
        // manifest verifies
        try {
            store.putNew(bucket, dir + "manifest.json.sig", EventCodec.encode(
                    security.requireSigner("a checkpoint manifest").sign(manifestBytes)), "application/json");
        } catch (ObjectExistsException e) {
            // an earlier attempt's signature (Ed25519 is deterministic: the same bytes); verified on every read
        }
        claim(modelId, next, version);
        return manifest;
    }

    private void claim(String modelId, long sequence, String version) {
        String key = sequenceKey(modelId, sequence);
        try {
            store.putNew(bucket, key, version.getBytes(StandardCharsets.UTF_8), "text/plain");
        } catch (ObjectExistsException e) {
            String holder = store.get(bucket, key).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("?");
            if (!holder.equals(version)) {
                throw new VersionConflictException(modelId, sequence, holder, version);
            }
        }
    }

    private static String sequenceKey(String modelId, long sequence) {
        return prefix(modelId) + "sequence/" + String.format("%06d", sequence);
    }

    static long sequence(String version) {
        return Long.parseLong(version.substring(0, version.indexOf('-')));
    }

    private List<Long> sequences(String modelId) {
        String p = prefix(modelId) + "sequence/";
        return store.list(bucket, p, true).stream().map(k -> Long.parseLong(k.substring(p.length()))).sorted().toList();
    }

    private long latestSequence(String modelId) {
        List<Long> all = sequences(modelId);
        return all.isEmpty() ? 0 : all.get(all.size() - 1);
    }

    private String claimed(String modelId, long sequence) {
        return store.get(bucket, sequenceKey(modelId, sequence)).map(b -> new String(b, StandardCharsets.UTF_8))
                .orElseThrow(() -> new StorageException("no sequence claim " + sequence + " for " + modelId));
    }

    /** The model's published versions in order (those whose sequence claim names them). */
    public List<String> versions(String modelId) {
        return sequences(modelId).stream().map(seq -> claimed(modelId, seq)).toList();
    }

    /** A page of {@link #versionsPage}: manifests in sequence order, and the next page's token (null on the last). */
    public record VersionPage(List<ModelManifest> versions, String nextPageToken) {
    }

    /**
     * The model's published versions in sequence order, at most {@code limit} after the page {@code pageToken} ends:
     * one S3 listing of the sequence claims, then each version's manifest. An invalid token is an
     * {@link IllegalArgumentException}.
     */
    public VersionPage versionsPage(String modelId, int limit, String pageToken) {
        String p = prefix(modelId) + "sequence/";
        List<String> keys = store.listPage(bucket, p, PageToken.decode(pageToken, p), limit + 1, true);
        boolean more = keys.size() > limit;
        List<String> page = more ? keys.subList(0, limit) : keys;
        List<ModelManifest> manifests = page.stream()
                .map(k -> manifest(modelId, claimed(modelId, Long.parseLong(k.substring(p.length()))))).toList();
        return new VersionPage(manifests, more ? PageToken.encode(page.get(page.size() - 1)) : null);
    }

    public Optional<String> latestVersion(String modelId) {
        long seq = latestSequence(modelId);
        return seq == 0 ? Optional.empty() : Optional.of(claimed(modelId, seq));
    }

    /** True when {@code version} is a published version of the model (its sequence claim names it). */
    public boolean isPublished(String modelId, String version) {
        try {
            String holder = store.get(bucket, sequenceKey(modelId, sequence(version)))
                    .map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
            return version.equals(holder);
        } catch (RuntimeException e) {
            if (e instanceof StorageException) {
                throw e;
            }
            return false; // not a version id at all
        }
    }

    /** True when {@code version} is {@code ancestor} or descends from it (walks the parent links). */
    public boolean descendsFrom(String modelId, String version, String ancestor) {
        String v = version;
        while (v != null) {
            if (v.equals(ancestor)) {
                return true;
            }
            v = manifest(modelId, v).parentVersion();
        }
        return false;
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

    /**
     * Marks {@code version} as the model's current release (a mutable pointer; versions stay immutable). First
     * writes the version's serving weights ({@link #WEIGHTS_FILE}, write-once), so {@code release.json} never names
     * a missing object; a version that cannot be exported here is released with the reason instead. Idempotent: a
     * redelivered release finds the same weights (an export is deterministic) and rewrites the pointer.
     */
    public Release release(String modelId, String version, String reason) {
        ModelManifest m = manifest(modelId, version);
        Release.Weights weights = null;
        String unavailable = null;
        try {
            weights = writeServingWeights(m);
        } catch (CheckpointException e) {
            unavailable = "cannot be exported as safetensors: " + e.getMessage();
            LOG.warn("releasing {}@{} without serving weights: {}", modelId, version, unavailable);
        }
        Release release = new Release(Release.SCHEMA_VERSION, modelId, version, reason, Instant.now(), weights,
                unavailable);
        store.put(bucket, releaseKey(modelId), EventCodec.encode(release), "application/json");
        return release;
    }

    private Release.Weights writeServingWeights(ModelManifest m) {
        ServingExport.Exported exported = ServingExport.export(load(m.ref()), m.sha256(), m.checkpointKey());
        byte[] bytes = exported.safetensors();
        String sha = Hashes.sha256(bytes);
        String key = prefix(m.modelId()) + "versions/" + m.version() + "/" + WEIGHTS_FILE;
        try {
            store.putNew(bucket, key, bytes, "application/octet-stream");
        } catch (ObjectExistsException e) {
            String existing = store.get(bucket, key).map(Hashes::sha256).orElse("(gone)");
            if (!existing.equals(sha)) { // an export is deterministic: other bytes there were not written by us
                throw new StorageException("s3://" + bucket + "/" + key + " has SHA-256 " + existing + " but "
                        + m.modelId() + "@" + m.version() + " exports as " + sha + ": refusing to release it");
            }
        }
        return new Release.Weights(key, sha, bytes.length, Release.Weights.SAFETENSORS,
                exported.spec().architecture(), exported.spec().numClasses(), exported.spec().channels(),
                exported.spec().imageSize());
    }

    private static String releaseKey(String modelId) {
        return prefix(modelId) + "release.json";
    }

    /** The model's {@code release.json}, either schema (v1 has no weights). */
    public Optional<Release> released(String modelId) {
        return store.get(bucket, releaseKey(modelId)).map(b -> EventCodec.read(b, Release.class));
    }

    public Optional<String> releasedVersion(String modelId) {
        return released(modelId).map(Release::version);
    }
}
