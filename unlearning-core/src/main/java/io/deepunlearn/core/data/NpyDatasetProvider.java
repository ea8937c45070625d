package io.deepunlearn.core.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.core.util.Hashing;
import io.deepunlearn.core.util.NpyArray;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A user's dataset in NumPy shards, named {@code npy:DIR} on the command line:
 * <pre>
 *   DIR/dataset.json               optional: {"numClasses", "imageSize", "mean", "std", "augmentation"}
 *   DIR/train/images[-SUFFIX].npy  uint8, (N, H, W) grey or (N, C, H, W) with C = 1 or 3, pixels 0-255
 *   DIR/train/labels[-SUFFIX].npy  integer, (N,), classes 0..numClasses-1
 *   DIR/train/ids[-SUFFIX].npy     optional integer, (N,): stable sample ids (all shards or none)
 *   DIR/test/...                   the same
 * </pre>
 * Shards are read in file-name order. Without ids files, train samples get ids 0..n_train-1 and test samples
 * follow. Every problem (bad file, shape mismatch, label out of range, duplicate id) fails with a
 * {@link DatasetException} naming the file. The bundle's name carries a fingerprint of the files' content, so
 * caches keyed by it notice changed data. Format and example: docs/integration.md.
 */
public final class NpyDatasetProvider implements DatasetProvider {

    /** The name prefix: {@code npy:/data/mine}. */
    public static final String SCHEME = "npy";
    private static final Pattern IMAGES = Pattern.compile("images(-[^/]*)?\\.npy");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final Path dir;

    public NpyDatasetProvider(String name, Path dir) {
        this.name = name;
        this.dir = dir;
    }

    /** The provider for {@code npy:DIR}. */
    public static NpyDatasetProvider forName(String name) {
        if (!name.startsWith(SCHEME + ":") || name.length() == SCHEME.length() + 1) {
            throw new IllegalArgumentException("expected npy:DIR, got '" + name + "'");
        }
        return new NpyDatasetProvider(name, Path.of(name.substring(SCHEME.length() + 1)));
    }

    /** Optional settings from {@code dataset.json}; unknown keys are an error (typos must not pass silently). */
    public record Settings(Integer numClasses, Integer imageSize, float[] mean, float[] std, String augmentation) {
    }

    @Override
    public String name() {
        return name;
    }

    /** {@code locator} is not used: the location is part of the name. */
    @Override
    public DatasetBundle load(DataLocator locator) {
        if (!Files.isDirectory(dir)) {
            throw new DatasetException(name + ": " + dir.toAbsolutePath() + " is not a directory");
        }
        MessageDigest fingerprint = Hashing.sha256Digest();
        Settings settings = settings(fingerprint);
        Part train = readPart("train", fingerprint);
        Part test = readPart("test", fingerprint);
        if (train.ids == null != (test.ids == null)) {
            throw new DatasetException(name + ": ids files in one of train/ and test/ but not the other");
        }
        if (train.channels != test.channels || train.height != test.height || train.width != test.width) {
            throw new DatasetException(name + ": shape mismatch: train images are " + train.shapeText()
                    + " but test images are " + test.shapeText());
        }
        int numClasses = settings.numClasses() != null ? settings.numClasses()
                : Math.max(max(train.labels), max(test.labels)) + 1;
        if (numClasses < 2) {
            throw new DatasetException(name + ": need at least 2 classes, got " + numClasses);
        }
        train.checkLabels(numClasses);
        test.checkLabels(numClasses);
        int[] trainIds = train.ids != null ? train.ids : InMemoryImageSource.consecutiveIds(0, train.labels.length);
        int[] testIds = test.ids != null ? test.ids : InMemoryImageSource.consecutiveIds(trainIds.length, test.labels.length);
        checkUnique(trainIds, testIds);
        String bundleName = "npy-" + dir.toAbsolutePath().normalize().getFileName().toString()
                .replaceAll("[^A-Za-z0-9._-]", "_") + "-" + HexFormat.of().formatHex(fingerprint.digest()).substring(0, 12);
        ImageSource trainSource = new InMemoryImageSource(bundleName, numClasses, train.channels, train.height,
                train.width, train.pixels, train.labels, trainIds);
        ImageSource testSource = new InMemoryImageSource(bundleName, numClasses, test.channels, test.height,
                test.width, test.pixels, test.labels, testIds);
        return new DatasetBundle(bundleName, trainSource, testSource, transforms(settings, train));
    }

    private Settings settings(MessageDigest fingerprint) {
        Path file = dir.resolve("dataset.json");
        if (!Files.isRegularFile(file)) {
            return new Settings(null, null, null, null, null);
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            fingerprint.update(bytes);
            return JSON.readValue(bytes, Settings.class);
        } catch (IOException e) {
            throw new DatasetException(file + ": not a valid dataset.json: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private TransformSpec transforms(Settings s, Part train) {
        int size;
        if (s.imageSize() != null) {
            size = s.imageSize();
        } else if (train.height == train.width) {
            size = train.height;
        } else {
            throw new DatasetException(name + ": images are " + train.height + "x" + train.width
                    + "; set \"imageSize\" in dataset.json (they are resized to a square)");
        }
        if (size < 8) {
            throw new DatasetException(name + ": image size " + size + " is below the minimum of 8");
        }
        float[] mean = s.mean() != null ? s.mean() : train.channelMeans(false);
        float[] std = s.std() != null ? s.std() : train.channelMeans(true);
        if (mean.length != train.channels || std.length != train.channels) {
            throw new DatasetException(name + ": dataset.json mean/std need " + train.channels + " value(s), one per channel");
        }
        for (float v : std) {
            if (!(v > 0)) {
                throw new DatasetException(name + ": std must be positive, got " + Arrays.toString(std));
            }
        }
        TransformSpec.Augmentation aug;
        try {
            aug = TransformSpec.Augmentation.valueOf((s.augmentation() == null ? "none" : s.augmentation())
                    .toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DatasetException(name + ": dataset.json augmentation '" + s.augmentation()
                    + "' is not one of none, flip, crop_flip", e);
        }
        // grey sources are expanded to 3 channels by the loader (as for Fashion-MNIST)
        return train.channels == 1 ? TransformSpec.grey(size, mean[0], std[0], aug)
                : new TransformSpec(3, size, mean, std, aug);
    }

    private Part readPart(String part, MessageDigest fingerprint) {
        Path partDir = dir.resolve(part);
        List<Path> shards;
        try (Stream<Path> files = Files.isDirectory(partDir) ? Files.list(partDir) : Stream.empty()) {
            shards = files.filter(f -> IMAGES.matcher(f.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(partDir + ": cannot list: " + e.getMessage(), e);
        }
        if (shards.isEmpty()) {
            throw new DatasetException(name + ": no images*.npy shards in " + partDir.toAbsolutePath());
        }
        Part out = new Part();
        ByteArrayOutputStream pixels = new ByteArrayOutputStream();
        List<long[]> labels = new ArrayList<>();
        List<long[]> ids = new ArrayList<>();
        Boolean withIds = null;
        for (Path images : shards) {
            Matcher m = IMAGES.matcher(images.getFileName().toString());
            String suffix = m.matches() && m.group(1) != null ? m.group(1) : "";
            Path labelFile = partDir.resolve("labels" + suffix + ".npy");
            Path idFile = partDir.resolve("ids" + suffix + ".npy");
            try {
                NpyArray img = NpyArray.parse(images, digest(images, fingerprint));
                int n = out.acceptImages(img);
                pixels.writeBytes(img.uint8());
                if (!Files.isRegularFile(labelFile)) {
                    throw new IOException(images + ": no matching labels file " + labelFile.getFileName());
                }
                labels.add(vector(NpyArray.parse(labelFile, digest(labelFile, fingerprint)), n, "labels", images));
                out.shardFiles.add(labelFile);
                out.shardStarts.add(out.shardStarts.isEmpty() ? 0 : out.shardStarts.get(out.shardStarts.size() - 1)
                        + labels.get(labels.size() - 2).length);
                boolean hasIds = Files.isRegularFile(idFile);
                if (withIds != null && hasIds != withIds) {
                    throw new IOException(partDir + ": ids files must exist for every shard or for none ("
                            + idFile.getFileName() + (hasIds ? " exists" : " is missing") + ")");
                }
                withIds = hasIds;
                if (hasIds) {
                    ids.add(vector(NpyArray.parse(idFile, digest(idFile, fingerprint)), n, "ids", images));
                }
            } catch (IOException e) {
                throw new DatasetException(name + ": " + e.getMessage(), e);
            }
        }
        out.pixels = pixels.toByteArray();
        out.labels = toInts(labels, "label", partDir);
        out.ids = ids.isEmpty() ? null : toInts(ids, "sample id", partDir);
        return out;
    }

    private static byte[] digest(Path file, MessageDigest fingerprint) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        fingerprint.update(file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        fingerprint.update(bytes);
        return bytes;
    }

    private static long[] vector(NpyArray a, int n, String what, Path images) throws IOException {
        if (a.shape().length != 1 || a.shape()[0] != n) {
            throw new IOException(a.source() + ": shape " + Arrays.toString(a.shape()) + " but " + images.getFileName()
                    + " holds " + n + " images: expected (" + n + ",) " + what);
        }
        return a.integers();
    }

    private static int[] toInts(List<long[]> chunks, String what, Path partDir) {
        int[] out = new int[chunks.stream().mapToInt(c -> c.length).sum()];
        int k = 0;
        for (long[] c : chunks) {
            for (long v : c) {
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new DatasetException(partDir + ": " + what + " " + v + " at position " + k
                            + " is outside 0.." + Integer.MAX_VALUE);
                }
                out[k++] = (int) v;
            }
        }
        return out;
    }

    private void checkUnique(int[] trainIds, int[] testIds) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int[] ids : List.of(trainIds, testIds)) {
            for (int id : ids) {
                if (!seen.add(id)) {
                    throw new DatasetException(name + ": sample id " + id + " appears more than once (ids must be "
                            + "unique across train and test)");
                }
            }
        }
    }

    private static int max(int[] values) {
        return Arrays.stream(values).max().orElse(-1);
    }

    /** One of train/ and test/ while it is read. */
    private static final class Part {
        int channels = -1;
        int height;
        int width;
        byte[] pixels;
        int[] labels;
        int[] ids;
        final List<Path> shardFiles = new ArrayList<>();
        final List<Integer> shardStarts = new ArrayList<>();

        /** Checks one images shard against the earlier ones; returns its sample count. */
        int acceptImages(NpyArray img) throws IOException {
            long[] s = img.shape();
            if (s.length == 4 && s[3] <= 4 && s[1] > 4) {
                throw new IOException(img.source() + ": shape " + Arrays.toString(s) + " looks channels-last; "
                        + "store images as (N, C, H, W) (np.transpose(x, (0, 3, 1, 2)))");
            }
            if (s.length != 3 && s.length != 4 || s.length == 4 && s[1] != 1 && s[1] != 3) {
                throw new IOException(img.source() + ": shape " + Arrays.toString(s)
                        + ", expected (N, H, W) or (N, C, H, W) with C = 1 or 3");
            }
            int c = s.length == 3 ? 1 : (int) s[1];
            int h = (int) s[s.length - 2];
            int w = (int) s[s.length - 1];
            if (channels >= 0 && (c != channels || h != height || w != width)) {
                throw new IOException(img.source() + ": shape mismatch: images are " + c + "x" + h + "x" + w
                        + " but earlier shards are " + shapeText());
            }
            channels = c;
            height = h;
            width = w;
            return Math.toIntExact(s[0]);
        }

        String shapeText() {
            return channels + "x" + height + "x" + width;
        }

        void checkLabels(int numClasses) {
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] >= numClasses) {
                    int shard = shardStarts.size() - 1;
                    while (shardStarts.get(shard) > i) {
                        shard--;
                    }
                    throw new DatasetException(shardFiles.get(shard) + ": label " + labels[i] + " at row "
                            + (i - shardStarts.get(shard)) + " is outside 0.." + (numClasses - 1)
                            + " (numClasses " + numClasses + ")");
                }
            }
        }

        /** Per-channel mean (or standard deviation) of the pixels scaled to [0, 1]. */
        float[] channelMeans(boolean std) {
            int plane = height * width;
            float[] out = new float[channels];
            for (int c = 0; c < channels; c++) {
                double sum = 0;
                double sq = 0;
                long n = 0;
                for (int i = 0; i < labels.length; i++) {
                    int base = (i * channels + c) * plane;
                    for (int p = 0; p < plane; p++) {
                        double v = (pixels[base + p] & 0xff) / 255.0;
                        sum += v;
                        sq += v * v;
                        n++;
                    }
                }
                double mean = sum / n;
                out[c] = (float) (std ? Math.max(Math.sqrt(Math.max(sq / n - mean * mean, 0)), 1e-3) : mean);
            }
            return out;
        }
    }
}
