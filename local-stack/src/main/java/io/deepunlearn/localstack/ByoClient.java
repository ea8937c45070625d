package io.deepunlearn.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.core.util.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The trainer's "bring your own" API as the CLI, the local stack and the end-to-end test use it: upload and register a
 * dataset of NPY shards, register a model's safetensors weights with its samples, import subject-mapping files, and
 * export a version's weights. Errors come back as {@link PipelineClient.Reply} with the service's reason.
 */
public final class ByoClient {

    private static final Pattern LAYOUT = Pattern.compile("dataset\\.json|(train|test)/(images|labels|ids)(-[A-Za-z0-9._-]{1,64})?\\.npy");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String trainer;
    private final String token;

    /**
     * {@code trainer}: the trainer service's base URL, e.g. http://localhost:8081; {@code token}: a trainer operator's
     * bearer token (null: none, every call answers 401).
     */
    public ByoClient(String trainer, String token) {
        this.trainer = trainer.replaceAll("/+$", "");
        this.token = token;
    }

    /** A request to {@code url} with this client's bearer token. */
    private HttpRequest.Builder request(String url) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        return token == null || token.isBlank() ? b : b.header("Authorization", "Bearer " + token);
    }

    /** The files of an NPY dataset folder that are uploaded (dataset.json and the train/ and test/ shards). */
    public static List<String> datasetFiles(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> LAYOUT.matcher(p).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * Uploads every file of the dataset folder and registers it; returns the registration's answer (the seal, or
     * the first upload's error).
     */
    public PipelineClient.Reply uploadDataset(String name, Path dir) {
        List<String> files = datasetFiles(dir);
        if (files.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no dataset files (train/images*.npy, ...)");
        }
        for (String f : files) {
            PipelineClient.Reply r;
            try {
                r = send(request(trainer + "/api/v1/datasets/" + enc(name) + "/files/" + f)
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofFile(dir.resolve(f))).timeout(Duration.ofMinutes(5)).build());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + dir.resolve(f), e);
            }
            if (r.status() != 201) {
                return r;
            }
        }
        return json("POST", "/api/v1/datasets", Map.of("name", name));
    }

    /** Registers a model: {@code registration} as the JSON part, {@code weights} (safetensors) as the file part. */
    public PipelineClient.Reply registerModel(Map<String, Object> registration, Path weights) {
        String boundary = "deepunlearn-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            part(body, boundary, "registration", "registration.json", "application/json",
                    PipelineClient.JSON.writeValueAsBytes(registration));
            part(body, boundary, "weights", weights.getFileName().toString(), "application/octet-stream",
                    Files.readAllBytes(weights));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + weights, e);
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request(trainer + "/api/v1/models")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).timeout(Duration.ofMinutes(5)).build());
    }

    private static void part(ByteArrayOutputStream out, String boundary, String name, String fileName, String type,
                             byte[] content) {
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                + fileName.replace("\"", "") + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    /** Imports a subject-mapping file (.csv, or .jsonl/.ndjson) into the dataset's mapping. */
    public PipelineClient.Reply importSubjects(String datasetId, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String type = name.endsWith(".csv") ? "text/csv"
                : name.endsWith(".jsonl") || name.endsWith(".ndjson") ? "application/x-ndjson" : null;
        if (type == null) {
            throw new IllegalArgumentException(file + ": a subject mapping is a .csv or a .jsonl/.ndjson file");
        }
        try {
            return send(request(trainer + "/api/v1/subject-mappings/" + enc(datasetId))
                    .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofFile(file))
                    .timeout(Duration.ofMinutes(2)).build());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** A version's weights as safetensors (null {@code version}: the released one); the file and the version. */
    public record Weights(byte[] safetensors, String version) {
    }

    public Weights exportWeights(String modelId, String version) {
        String url = trainer + "/api/v1/models/" + enc(modelId) + "/weights" + (version == null ? "" : "?version=" + enc(version));
        try {
            HttpResponse<byte[]> r = http.send(request(url).timeout(Duration.ofMinutes(2))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                JsonNode err = r.body().length == 0 ? null : PipelineClient.JSON.readTree(r.body());
                throw new IllegalStateException("GET " + url + ": " + r.statusCode() + " "
                        + (err == null ? "" : err.path("detail").asText()));
            }
            return new Weights(r.body(), r.headers().firstValue("X-Model-Version").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Sample ids from a file: a 1-D integer {@code .npy} (e.g. {@code np.save("train_ids.npy", ids)}) or text with
     * integers separated by white space or commas.
     */
    public static List<Integer> readIds(Path file) {
        try {
            if (file.getFileName().toString().endsWith(".npy")) {
                return Arrays.stream(Npy.readInt64(file)).boxed().toList();
            }
            List<Integer> out = new ArrayList<>();
            int line = 0;
            for (String l : Files.readAllLines(file)) {
                line++;
                for (String tok : l.split("[\\s,]+")) {
                    if (tok.isEmpty()) {
                        continue;
                    }
                    if (!tok.matches("[0-9]{1,10}") || Long.parseLong(tok) > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException(file + " line " + line + ": '" + tok
                                + "' is not a sample id (a non-negative integer)");
                    }
                    out.add(Integer.parseInt(tok));
                }
            }
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read sample ids: " + e.getMessage(), e);
        }
    }

    private PipelineClient.Reply json(String method, String path, Object body) {
        try {
            return send(request(trainer + path).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(PipelineClient.JSON.writeValueAsBytes(body)))
                    .timeout(Duration.ofMinutes(5)).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PipelineClient.Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new PipelineClient.Reply(r.statusCode(), r.body().length == 0 ? null : PipelineClient.JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e.getMessage()
                    + " (is the stack up? ./deepunlearn up)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
