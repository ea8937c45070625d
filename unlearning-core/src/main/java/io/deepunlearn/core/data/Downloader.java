package io.deepunlearn.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

/**
 * Fetches a dataset file into the cache and verifies it before it becomes visible (written to a temporary name,
 * moved into place only when the checksum matches). Supports http(s) and file URLs.
 */
public class Downloader {

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /**
     * Downloads {@code source} to {@code target} unless a verified copy is already there.
     *
     * @param contentSha256 SHA-256 of the file's content after gunzip (so re-compressed mirrors verify too)
     */
    public Path fetch(URI source, Path target, String contentSha256) {
        try {
            if (Files.isRegularFile(target) && contentSha256.equals(contentSha256(target))) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            try {
                try (InputStream in = open(source)) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                String actual = contentSha256(tmp);
                if (!contentSha256.equals(actual)) {
                    throw new DatasetException("checksum mismatch for " + source + ": expected " + contentSha256
                            + ", got " + actual);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                return target;
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new DatasetException("cannot download " + source + ": " + e.getMessage(), e);
        }
    }

    protected InputStream open(URI source) throws IOException {
        String scheme = source.getScheme();
        if ("file".equals(scheme)) {
            return Files.newInputStream(Path.of(source));
        }
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IOException("unsupported URL scheme: " + source);
        }
        HttpRequest request = HttpRequest.newBuilder(source).timeout(Duration.ofMinutes(10)).GET().build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("HTTP " + response.statusCode());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** SHA-256 of the file's bytes, gunzipped first when the file is gzip. */
    public static String contentSha256(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = new java.io.BufferedInputStream(raw);
            in.mark(2);
            boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            return io.deepunlearn.core.util.Hashing.sha256(gzip ? new GZIPInputStream(in) : in);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
