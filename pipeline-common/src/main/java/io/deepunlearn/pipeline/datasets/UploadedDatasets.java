package io.deepunlearn.pipeline.datasets;

import io.deepunlearn.core.data.DataLocator;
import io.deepunlearn.core.data.DatasetBundle;
import io.deepunlearn.core.data.DatasetException;
import io.deepunlearn.core.data.NpyDatasetProvider;
import io.deepunlearn.pipeline.event.TrainingSpec;
import io.deepunlearn.pipeline.messaging.EventCodec;
import io.deepunlearn.pipeline.storage.Hashes;
import io.deepunlearn.pipeline.storage.ObjectExistsException;
import io.deepunlearn.pipeline.storage.ObjectStore;
import io.deepunlearn.pipeline.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A user's datasets in the object store, named {@code s3:NAME} in training specs and registrations: NumPy shards
 * in the layout of {@link NpyDatasetProvider} (docs/integration.md) under {@code uploads/NAME/} of the datasets
 * bucket, put there with any S3 client or through the trainer's REST API. Registering a dataset validates it the
 * way every service will load it (shapes, label range, counts, unique ids) and seals it: {@code registered/NAME.json}
 * (write-once) records each file's SHA-256, so a service that loads it later gets exactly the validated bytes or an
 * error, never silently changed data. Files of a sealed dataset cannot be replaced.
 */
public class UploadedDatasets {

    public static final String SCHEME = "s3";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final Pattern FILE = Pattern.compile("dataset\\.json|(train|test)/(images|labels|ids)(-[A-Za-z0-9._-]{1,64})?\\.npy");

    private final ObjectStore store;
    private final String bucket;
    private final Path cacheDir;

    /** {@code cacheDir}: where services keep the validated local copies they load (one folder per seal). */
    public UploadedDatasets(ObjectStore store, String bucket, Path cacheDir) {
        this.store = store;
        this.bucket = bucket;
        this.cacheDir = cacheDir;
    }

    /** What registration found and sealed. */
    public record Seal(int schemaVersion, String name, String dataset, String datasetId, Map<String, String> files,
                       int numClasses, int channels, int height, int width, int trainSamples, int testSamples,
                       Instant registeredAt) {
        public static final int SCHEMA_VERSION = 1;
    }

    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid dataset name '" + name
                    + "': use 1-63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    /** The name of {@code s3:NAME}, or empty for any other dataset name. */
    public static Optional<String> nameOf(String dataset) {
        return dataset != null && dataset.startsWith(SCHEME + ":")
                ? Optional.of(requireName(dataset.substring(SCHEME.length() + 1))) : Optional.empty();
    }

    /** A path of the layout: {@code dataset.json} or {@code train|test/images|labels|ids[-SUFFIX].npy}. */
    public static String requireFile(String path) {
        if (path == null || !FILE.matcher(path).matches()) {
            throw new IllegalArgumentException("'" + path + "' is not a file of the NPY dataset layout: dataset.json "
                    + "or train/ or test/ images[-SUFFIX].npy, labels[-SUFFIX].npy, ids[-SUFFIX].npy");
        }
        return path;
    }

    private static String uploadPrefix(String name) {
        return "uploads/" + requireName(name) + "/";
    }

    private static String sealKey(String name) {
        return "registered/" + requireName(name) + ".json";
    }

    /** Stores one file of a dataset that is not registered yet (replacing an earlier upload of the same path). */
    public void putFile(String name, String path, byte[] bytes) {
        requireFile(path);
        if (seal(name).isPresent()) {
            throw new IllegalStateException("dataset s3:" + name + " is registered; its files cannot change "
                    + "(upload under a new name)");
        }
        store.put(bucket, uploadPrefix(name) + path, bytes, "application/octet-stream");
    }

    public Optional<Seal> seal(String name) {
        return store.get(bucket, sealKey(name)).map(b -> EventCodec.read(b, Seal.class));
    }

    /**
     * Validates the uploaded files as every service will load them and seals them. Registering again returns the
     * existing seal when the files are unchanged; changed files under a registered name are an error.
     */
    public Seal register(String name) {
        Map<String, String> files = new TreeMap<>();
        Path dir = tempDir(name);
        try {
            String prefix = uploadPrefix(name);
            for (String key : store.list(bucket, prefix, true)) {
                String path = key.substring(prefix.length());
                if (!FILE.matcher(path).matches()) {
                    throw new IllegalArgumentException("dataset s3:" + name + ": unexpected file " + path + " ("
                            + requireFileMessage() + ")");
                }
                byte[] bytes = store.get(bucket, key).orElseThrow(() -> new StorageException("vanished: " + key));
                files.put(path, Hashes.sha256(bytes));
                write(dir.resolve(path), bytes);
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("dataset s3:" + name + " has no files under s3://" + bucket + "/"
                        + prefix + " (upload the NPY shards first)");
            }
            Optional<Seal> existing = seal(name);
            if (existing.isPresent()) {
                return sameOrConflict(existing.get(), files);
            }
            DatasetBundle bundle;
            try {
                bundle = load(name, dir);
            } catch (DatasetException e) {
                // name the files as the user uploaded them, not by this service's scratch folder
                throw new DatasetException(e.getMessage().replace(dir.toAbsolutePath() + "/", ""), e);
            }
            var t = bundle.train();
            Seal seal = new Seal(Seal.SCHEMA_VERSION, name, SCHEME + ":" + name,
                    TrainingSpec.datasetKey(SCHEME + ":" + name), files, bundle.numClasses(),
                    t.channels(), t.height(), t.width(), t.size(), bundle.test().size(), Instant.now());
            try {
                store.putNew(bucket, sealKey(name), EventCodec.encode(seal), "application/json");
                return seal;
            } catch (ObjectExistsException e) {
                return sameOrConflict(seal(name).orElseThrow(), files);
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    private static String requireFileMessage() {
        return "allowed: dataset.json, train|test/images|labels|ids[-SUFFIX].npy";
    }

    private static Seal sameOrConflict(Seal seal, Map<String, String> files) {
        if (!seal.files().equals(files)) {
            throw new IllegalStateException("dataset s3:" + seal.name() + " is already registered with other files; "
                    + "a registered dataset never changes (upload under a new name)");
        }
        return seal;
    }

    /**
     * A local folder holding the sealed files, each checked against its SHA-256 (downloaded once per seal and
     * reused). Fails when the dataset is not registered or a file no longer matches its seal.
     */
    public Path materialize(String name) {
        Seal seal = seal(name).orElseThrow(() -> new DatasetException("dataset s3:" + name + " is not registered "
                + "(upload its files and POST /api/v1/datasets {\"name\": \"" + name + "\"} to the trainer)"));
        String tag = Hashes.sha256(EventCodec.encode(new TreeMap<>(seal.files()))).substring(0, 12);
        Path target = cacheDir.resolve(name + "-" + tag);
        if (Files.isDirectory(target)) {
            return target;
        }
        Path dir = tempDir(name);
        try {
            for (Map.Entry<String, String> f : seal.files().entrySet()) {
                String key = uploadPrefix(name) + f.getKey();
                byte[] bytes = store.get(bucket, key)
                        .orElseThrow(() -> new DatasetException("dataset s3:" + name + ": " + f.getKey() + " is missing"));
                if (!Hashes.sha256(bytes).equals(f.getValue())) {
                    throw new DatasetException("dataset s3:" + name + ": " + f.getKey()
                            + " changed after registration (its SHA-256 no longer matches the seal)");
                }
                write(dir.resolve(f.getKey()), bytes);
            }
            Files.createDirectories(cacheDir);
            try {
                Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(dir, target);
            }
            return target;
        } catch (IOException e) {
            if (Files.isDirectory(target)) {
                return target; // another thread of this JVM finished first
            }
            throw new UncheckedIOException("cannot keep dataset s3:" + name + " in " + cacheDir, e);
        } finally {
            deleteRecursively(dir);
        }
    }

    private static DatasetBundle load(String name, Path dir) {
        return new NpyDatasetProvider(SCHEME + ":" + name, dir).load(DataLocator.only(dir));
    }

    private Path tempDir(String name) {
        try {
            Files.createDirectories(cacheDir);
            return Files.createTempDirectory(cacheDir, ".incoming-" + requireName(name) + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder in " + cacheDir, e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp folder is harmless
        }
    }
}
