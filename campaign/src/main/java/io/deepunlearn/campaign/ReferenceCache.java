package io.deepunlearn.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.pipeline.storage.Hashes;
import io.deepunlearn.pipeline.storage.ObjectExistsException;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The object-store mirror of the local reference-model cache ({@link io.deepunlearn.core.bench.ReferenceModels}):
 * checkpoints are content-addressed blobs, {@code cache/blobs/sha256/HEX}, and each trained pair is a write-once
 * pointer, {@code cache/references/DATASET/ARCH/KEY/seed-N.json} (the local {@code meta.json}: both hashes and the
 * training times). Every download is checked against the SHA-256 the pointer records, and a local copy that
 * disagrees with the store is replaced, so every worker of a campaign uses the same bytes. Shared by campaigns:
 * a pair trained once for a (dataset, arch, recipe, seed) serves every later campaign with that key.
 */
public final class ReferenceCache {

    private static final String[] ROLES = {"original", "retrain"};

    private final ObjectStore store;
    private final String bucket;

    public ReferenceCache(ObjectStore store, String bucket) {
        this.store = store;
        this.bucket = bucket;
    }

    private static String pointerKey(String referenceKey, int seed) {
        return "cache/references/" + referenceKey + "/seed-" + seed + ".json";
    }

    private static String blobKey(String sha256) {
        return "cache/blobs/sha256/" + sha256;
    }

    public boolean has(String referenceKey, int seed) {
        return store.exists(bucket, pointerKey(referenceKey, seed));
    }

    /**
     * Makes {@code seedDir} (the local cache's {@code seed-N} folder) hold the store's pair; false when the store
     * has none. Files are written to temporary names and moved, {@code meta.json} last, so a reader of the local
     * cache never sees half a pair.
     */
    public boolean fetch(String referenceKey, int seed, Path seedDir) {
        byte[] pointer = store.get(bucket, pointerKey(referenceKey, seed)).orElse(null);
        if (pointer == null) {
            return false;
        }
        JsonNode meta = CampaignStore.read(pointer, JsonNode.class);
        try {
            Files.createDirectories(seedDir);
            Path localMeta = seedDir.resolve("meta.json");
            if (Files.isRegularFile(localMeta) && Files.readString(localMeta).equals(new String(pointer))
                    && localMatches(seedDir, meta)) {
                return true;
            }
            for (String role : ROLES) {
                String sha = meta.path(role + "_sha256").asText();
                byte[] bytes = store.get(bucket, blobKey(sha))
                        .orElseThrow(() -> new StorageException("reference blob " + sha + " missing from s3://" + bucket));
                String actual = Hashes.sha256(bytes);
                if (!actual.equals(sha)) {
                    throw new StorageException("reference blob " + sha + " has SHA-256 " + actual + ": refusing it");
                }
                writeAtomically(seedDir.resolve(role + ".ckpt"), bytes);
            }
            writeAtomically(localMeta, pointer);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reference models to " + seedDir, e);
        }
    }

    private static boolean localMatches(Path seedDir, JsonNode meta) throws IOException {
        for (String role : ROLES) {
            Path f = seedDir.resolve(role + ".ckpt");
            if (!Files.isRegularFile(f)
                    || !io.deepunlearn.core.util.Hashing.sha256(f).equals(meta.path(role + "_sha256").asText())) {
                return false;
            }
        }
        return true;
    }

    /** Uploads the pair in {@code seedDir}: blobs first, then the pointer (the commit point; first writer wins). */
    public void publish(String referenceKey, int seed, Path seedDir) {
        try {
            byte[] metaBytes = Files.readAllBytes(seedDir.resolve("meta.json"));
            Map<?, ?> meta = CampaignStore.read(metaBytes, Map.class);
            for (String role : ROLES) {
                byte[] bytes = Files.readAllBytes(seedDir.resolve(role + ".ckpt"));
                String sha = Hashes.sha256(bytes);
                if (!sha.equals(meta.get(role + "_sha256"))) {
                    throw new IllegalStateException(seedDir.resolve(role + ".ckpt") + " does not match its meta.json");
                }
                putOnce(blobKey(sha), bytes);
            }
            putOnce(pointerKey(referenceKey, seed), metaBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference models in " + seedDir, e);
        }
    }

    private void putOnce(String key, byte[] bytes) {
        try {
            store.putNew(bucket, key, bytes, "application/octet-stream");
        } catch (ObjectExistsException e) {
            // content-addressed blob: same bytes; pointer: another campaign published this pair first
        }
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
