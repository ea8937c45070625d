package io.deepunlearn.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.io.InputStream;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3-compatible HTTP server (S3Proxy) inside this JVM, storing objects in a directory: the local stand-in
 * for MinIO. Clients talk to it with the MinIO SDK exactly as they would to MinIO (AWS V2/V4 signatures).
 * Conditional creates ({@code If-None-Match: *}) are atomic here as on MinIO and AWS S3 ({@link ConditionalWrites}).
 */
public final class EmbeddedS3 implements AutoCloseable {

    private volatile S3Proxy proxy;
    private final BlobStore store;
    private final BlobStore conditional;
    private final int port;
    private final Path dir;
    private final boolean deleteOnClose;
    private final String accessKey;
    private final String secretKey;

    private EmbeddedS3(BlobStore store, int port, Path dir, boolean deleteOnClose, String accessKey, String secretKey) {
        this.store = store;
        this.conditional = new ConditionalWrites(store);
        this.port = port;
        this.dir = dir;
        this.deleteOnClose = deleteOnClose;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** A server on a free port over a temporary directory deleted on close, with throwaway credentials (tests). */
    public static EmbeddedS3 startTemporary() {
        try {
            return start(Files.createTempDirectory("deepunlearn-s3"), 0, "local-access", "local-secret-key", true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts on {@code port} (0 = any free port) over {@code dir}. */
    public static EmbeddedS3 start(Path dir, int port, String accessKey, String secretKey, boolean deleteOnClose) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        EmbeddedS3 s3 = new EmbeddedS3(new FilesystemNio2BlobStore(dir.toString()), port == 0 ? Ports.free() : port,
                dir, deleteOnClose, accessKey, secretKey);
        s3.startServer();
        return s3;
    }

    private void startServer() {
        try {
            // the same ConditionalWrites instance across restarts: its per-key locks must outlive an outage
            S3Proxy p = S3Proxy.builder()
                    .blobStore(conditional)
                    .endpoint(URI.create("http://127.0.0.1:" + port))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                    .build();
            p.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!"STARTED".equals(p.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start within 30 s (state " + p.getState() + ")");
                }
                Thread.sleep(20);
            }
            proxy = p;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the embedded S3 server in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * An outage (fault-injection tests): the server stops listening; the objects stay. {@link #resume} serves them
     * again on the same port and endpoint.
     */
    public synchronized void stop() {
        S3Proxy p = proxy;
        if (p == null) {
            return;
        }
        try {
            p.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop S3Proxy: " + e.getMessage(), e);
        }
        proxy = null;
    }

    /** Ends an outage begun by {@link #stop}: serves the same directory on the same port. */
    public synchronized void resume() {
        if (proxy == null) {
            startServer();
        }
    }

    /** True while the server is listening (not stopped by {@link #stop}). */
    public boolean running() {
        return proxy != null;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    /**
     * Reads an object straight from the server's store (no HTTP, no credentials): for in-process harnesses that
     * inspect what the services wrote. Empty when the object does not exist.
     */
    public Optional<byte[]> read(String bucket, String key) {
        if (store.blobMetadataIfPresent(bucket, key) == null) {
            return Optional.empty();
        }
        try (var in = store.getBlob(bucket, key)) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3://" + bucket + "/" + key, e);
        }
    }

    /** Keys under {@code prefix} in {@code bucket} (all pages), straight from the server's store. */
    public List<String> list(String bucket, String prefix) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Response page = store.list(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
                    .continuationToken(token).build());
            page.contents().stream().map(S3Object::key).forEach(keys::add);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return keys;
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            if (deleteOnClose) {
                Ports.deleteRecursively(dir);
            }
        }
    }

    /**
     * S3Proxy 4.1 evaluates {@code If-None-Match: *} on the filesystem store as check-then-put: two racing
     * writers can both pass the check. This wrapper makes each put of a key atomic with its existence check
     * (a lock per key), so a conditional create has MinIO's and AWS S3's semantics: exactly one writer wins.
     */
    static final class ConditionalWrites extends ForwardingBlobStore {

        private final java.util.concurrent.ConcurrentHashMap<String, Object> locks = new java.util.concurrent.ConcurrentHashMap<>();

        ConditionalWrites(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
            Object lock = locks.computeIfAbsent(request.bucket() + "/" + request.key(), k -> new Object());
            synchronized (lock) {
                if ("*".equals(request.ifNoneMatch())
                        && delegate().blobMetadataIfPresent(request.bucket(), request.key()) != null) {
                    throw new S3ProxyException(S3ErrorCode.PRECONDITION_FAILED);
                }
                return super.putBlob(request, content);
            }
        }
    }
}
