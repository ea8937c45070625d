package io.deepunlearn.pipeline.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetBucketVersioningArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.SetBucketVersioningArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.minio.messages.VersioningConfiguration;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thin layer over the MinIO SDK with the three write modes the pipeline needs: write-once (immutable versions,
 * sequence claims, tombstones and evidence: a conditional create, {@code If-None-Match: *}, which MinIO and AWS S3
 * evaluate atomically and the local {@code EmbeddedS3} emulates), overwrite (mutable documents such as manifests
 * and pointers) and read. Every call is bounded by the settings' timeout.
 */
public class ObjectStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);
    private final MinioClient client;

    public ObjectStore(S3Settings settings) {
        this.client = MinioClient.builder().endpoint(settings.endpoint())
                .credentials(settings.accessKey(), settings.secretKey()).region(settings.region()).build();
        long ms = settings.timeout().toMillis();
        client.setTimeout(ms, ms, ms);
    }

    /** What a bucket turned out to support. */
    public record BucketFeatures(boolean versioned, boolean objectLocked) {
    }

    /**
     * Creates {@code bucket} if missing, with versioning, and with object lock when asked and the server supports
     * it (object lock can only be set at creation). Falls back, with a warning, where the server lacks a feature.
     */
    public BucketFeatures ensureBucket(String bucket, boolean objectLock) {
        try {
            boolean locked = false;
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                if (objectLock) {
                    try {
                        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).objectLock(true).build());
                        locked = true;
                    } catch (ErrorResponseException e) {
                        if (createdByAnother(e)) {
                            return ensureBucket(bucket, objectLock);
                        }
                        LOG.warn("object lock unsupported by the server ({}); bucket {} is created without it",
                                e.errorResponse().code(), bucket);
                    }
                }
                if (!locked && !client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    try {
                        client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                    } catch (ErrorResponseException e) {
                        // services start together (and replicas at any time): another one created it in between
                        if (!createdByAnother(e)) {
                            throw e;
                        }
                    }
                }
            }
            boolean versioned = true;
            try {
                client.setBucketVersioning(SetBucketVersioningArgs.builder().bucket(bucket)
                        .config(new VersioningConfiguration(VersioningConfiguration.Status.ENABLED, null)).build());
            } catch (ErrorResponseException e) {
                versioned = false;
                LOG.warn("versioning unsupported for bucket {} ({})", bucket, e.errorResponse().code());
            }
            return new BucketFeatures(versioned, locked);
        } catch (Exception e) {
            throw new StorageException("cannot prepare bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code bucket} if missing, without versioning: for objects that are rewritten often and whose history
     * is worthless (a campaign's heartbeats), where versioning would only pile up old copies.
     */
    public void ensureUnversionedBucket(String bucket) {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                try {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                } catch (ErrorResponseException e) {
                    if (!createdByAnother(e)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            throw new StorageException("cannot prepare bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    private static boolean createdByAnother(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "BucketAlreadyOwnedByYou".equals(code) || "BucketAlreadyExists".equals(code);
    }

    public boolean exists(String bucket, String key) {
        try {
            client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return true;
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                return false;
            }
            throw new StorageException("cannot stat s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new StorageException("cannot stat s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes an immutable object with a conditional create ({@code If-None-Match: *}); fails with
     * {@link ObjectExistsException} when the key is taken, also when another writer won a race for it. Returns
     * the S3 version id (null on unversioned buckets).
     */
    public String putNew(String bucket, String key, byte[] bytes, String contentType) {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            ObjectWriteResponse r = client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(in, bytes.length, -1).contentType(contentType)
                    .extraHeaders(Map.of("If-None-Match", "*")).build());
            return versionId(r);
        } catch (ErrorResponseException e) {
            if (isPreconditionFailed(e)) {
                throw new ObjectExistsException(bucket, key);
            }
            throw new StorageException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new StorageException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    private static String versionId(ObjectWriteResponse r) {
        String v = r.versionId();
        return v == null || v.isBlank() || "null".equals(v) ? null : v;
    }

    /** Removes an object (absent is fine). */
    public void delete(String bucket, String key) {
        try {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (ErrorResponseException e) {
            if (!isMissing(e)) {
                throw new StorageException("cannot delete s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
            }
        } catch (Exception e) {
            throw new StorageException("cannot delete s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes every object under {@code prefix} for good and returns the keys that were current. On a versioned
     * bucket a delete only adds a delete marker and keeps the bytes as a noncurrent version, which an erasure must
     * not leave behind, so there every version and marker under the prefix is then removed by its id.
     */
    public List<String> purge(String bucket, String prefix) {
        if (prefix == null || prefix.isEmpty() || !prefix.endsWith("/")) {
            throw new IllegalArgumentException("purge needs a folder prefix ending in '/', got '" + prefix + "'");
        }
        List<String> current = list(bucket, prefix, true);
        current.forEach(k -> delete(bucket, k));
        if (versioned(bucket)) {
            for (Map.Entry<String, String> v : versions(bucket, prefix)) {
                try {
                    client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(v.getKey())
                            .versionId(v.getValue()).build());
                } catch (Exception e) {
                    throw new StorageException("cannot remove version " + v.getValue() + " of s3://" + bucket + "/"
                            + v.getKey() + ": " + e.getMessage(), e);
                }
            }
        }
        return current;
    }

    /** Every version (and delete marker) under {@code prefix}: key and version id. */
    List<Map.Entry<String, String>> versions(String bucket, String prefix) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        try {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).includeVersions(true).build())) {
                Item i = r.get();
                out.add(Map.entry(i.objectName(), i.versionId()));
            }
            return out;
        } catch (Exception e) {
            throw new StorageException("cannot list the versions under s3://" + bucket + "/" + prefix + ": "
                    + e.getMessage(), e);
        }
    }

    /** Whether the bucket keeps (or kept: suspended) object versions; a server without versioning says no. */
    boolean versioned(String bucket) {
        try {
            var status = client.getBucketVersioning(GetBucketVersioningArgs.builder().bucket(bucket).build()).status();
            return status == VersioningConfiguration.Status.ENABLED || status == VersioningConfiguration.Status.SUSPENDED;
        } catch (ErrorResponseException e) {
            return false; // e.g. S3Proxy: NotImplemented
        } catch (Exception e) {
            throw new StorageException("cannot read the versioning of bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** True when the bucket answers within the timeout (readiness). */
    public boolean reachable(String bucket) {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            LOG.debug("s3 bucket {} unreachable: {}", bucket, e.getMessage());
            return false;
        }
    }

    /** Writes or replaces an object (mutable documents only); returns the S3 version id or null. */
    public String put(String bucket, String key, byte[] bytes, String contentType) {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            ObjectWriteResponse r = client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(in, bytes.length, -1).contentType(contentType).build());
            return versionId(r);
        } catch (Exception e) {
            throw new StorageException("cannot write s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    public Optional<byte[]> get(String bucket, String key) {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return Optional.of(in.readAllBytes());
        } catch (ErrorResponseException e) {
            if (isMissing(e)) {
                return Optional.empty();
            }
            throw new StorageException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new StorageException("cannot read s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
    }

    /** Keys under {@code prefix}; with {@code recursive} false, the immediate "sub-folders" (ending in '/') too. */
    public List<String> list(String bucket, String prefix, boolean recursive) {
        List<String> keys = new ArrayList<>();
        try {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(recursive).build())) {
                keys.add(r.get().objectName());
            }
            return keys;
        } catch (Exception e) {
            throw new StorageException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
    }

    /**
     * One page of keys under {@code prefix} in key order, after {@code startAfter} (null: from the start), at most
     * {@code max}; with {@code recursive} false, "sub-folders" are left out. S3 serves it as ListObjectsV2 with
     * start-after, so a page costs one listing call however many keys the prefix holds.
     */
    public List<String> listPage(String bucket, String prefix, String startAfter, int max, boolean recursive) {
        List<String> keys = new ArrayList<>();
        try {
            ListObjectsArgs.Builder args = ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(recursive)
                    .maxKeys(Math.max(1, Math.min(max, 1000)));
            if (startAfter != null) {
                args.startAfter(startAfter);
            }
            for (Result<Item> r : client.listObjects(args.build())) {
                Item item = r.get();
                if (item.isDir()) {
                    continue;
                }
                keys.add(item.objectName());
                if (keys.size() >= max) {
                    break;
                }
            }
            return keys;
        } catch (Exception e) {
            throw new StorageException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
    }

    /** Keys under {@code prefix} (recursive) with their last-modified times. */
    public Map<String, java.time.Instant> listModified(String bucket, String prefix) {
        Map<String, java.time.Instant> out = new java.util.LinkedHashMap<>();
        try {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                Item i = r.get();
                out.put(i.objectName(), i.lastModified() == null ? null : i.lastModified().toInstant());
            }
            return out;
        } catch (Exception e) {
            throw new StorageException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
    }

    /**
     * Keys under {@code prefix} (recursive) with their ETags, in one listing: an ETag changes whenever an object is
     * rewritten, so a reader can tell a live heartbeat from a stale one without reading the objects.
     */
    public Map<String, String> listETags(String bucket, String prefix) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        try {
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                Item i = r.get();
                out.put(i.objectName(), i.etag());
            }
            return out;
        } catch (Exception e) {
            throw new StorageException("cannot list s3://" + bucket + "/" + prefix + ": " + e.getMessage(), e);
        }
    }

    private static boolean isPreconditionFailed(ErrorResponseException e) {
        return "PreconditionFailed".equals(e.errorResponse().code())
                || (e.response() != null && e.response().code() == 412);
    }

    private static boolean isMissing(ErrorResponseException e) {
        String code = e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code)
                || (e.response() != null && e.response().code() == 404);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            LOG.debug("closing the MinIO client: {}", e.getMessage());
        }
    }
}
