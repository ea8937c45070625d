package io.deepunlearn.core.data;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MNIST and Fashion-MNIST in IDX format. Sample ids follow the reference code: official train samples are
 * 0..n_train-1, test samples n_train..n_train+n_test-1. 28x28 grey images become 3x32x32 (docs/reference.md#splits).
 */
public final class IdxDatasetProvider implements DatasetProvider {

    private static final Logger LOG = LoggerFactory.getLogger(IdxDatasetProvider.class);

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
    static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** SHA-256 of the gunzipped content of each Fashion-MNIST file (identical for the official and Debian copies). */
    static final Map<String, String> FASHION_CONTENT_SHA256 = Map.of(
            TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    /** Zalando's official download location. */
    public static final URI FASHION_MNIST_URL = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    /** Classpath folder of the bundled Fashion-MNIST subset (MIT licence, see NOTICE there). */
    public static final String BUNDLED_SUBSET = "/datasets/fashion-mnist-subset/";

    private final String name;
    private final TransformSpec transforms;
    private final URI downloadBase;
    private final Map<String, String> checksums;
    private final boolean bundledFallback;

    private IdxDatasetProvider(String name, TransformSpec transforms, URI downloadBase, Map<String, String> checksums,
                               boolean bundledFallback) {
        this.name = name;
        this.transforms = transforms;
        this.downloadBase = downloadBase;
        this.checksums = checksums;
        this.bundledFallback = bundledFallback;
    }

    public static IdxDatasetProvider fashionMnist() {
        return fashionMnist(FASHION_MNIST_URL);
    }

    /** Fashion-MNIST downloading from {@code base} (a mirror, or a file URL in tests). */
    public static IdxDatasetProvider fashionMnist(URI base) {
        return new IdxDatasetProvider("fashion-mnist",
                TransformSpec.grey(32, 0.2860f, 0.3530f, TransformSpec.Augmentation.FLIP), base,
                FASHION_CONTENT_SHA256, true);
    }

    /** MNIST: found locally only (no verified checksums are shipped for a download). */
    public static IdxDatasetProvider mnist() {
        return new IdxDatasetProvider("mnist",
                TransformSpec.grey(32, 0.1307f, 0.3081f, TransformSpec.Augmentation.FLIP), null, Map.of(), false);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DatasetBundle load(DataLocator locator) {
        Optional<Path> dir = locator.findDirectoryWith(name, FILES);
        if (dir.isEmpty() && downloadBase != null && locator.downloadAllowed()) {
            dir = download(locator);
        }
        if (dir.isPresent()) {
            Path d = dir.get();
            LOG.info("{}: reading IDX files from {}", name, d);
            return bundle(d.toString(),
                    IdxReader.readImages(file(d, TRAIN_IMAGES)), IdxReader.readLabels(file(d, TRAIN_LABELS)),
                    IdxReader.readImages(file(d, TEST_IMAGES)), IdxReader.readLabels(file(d, TEST_LABELS)));
        }
        if (bundledFallback) {
            LOG.warn("{}: full dataset not found in {}; using the bundled subset", name, locator.roots(name));
            return bundledSubset();
        }
        throw new DatasetException(name + ": files " + FILES + " not found in any of " + locator.roots(name)
                + " (pass --data-dir or set DEEPUNLEARN_DATA)");
    }

    /** The small Fashion-MNIST subset shipped inside the jar, so demos run offline on a fresh machine. */
    public DatasetBundle bundledSubset() {
        return bundle("classpath:" + BUNDLED_SUBSET,
                IdxReader.readImages(resource(TRAIN_IMAGES), TRAIN_IMAGES), IdxReader.readLabels(resource(TRAIN_LABELS), TRAIN_LABELS),
                IdxReader.readImages(resource(TEST_IMAGES), TEST_IMAGES), IdxReader.readLabels(resource(TEST_LABELS), TEST_LABELS));
    }

    private Optional<Path> download(DataLocator locator) {
        Path target = locator.cacheDir().resolve(name);
        try {
            for (String f : FILES) {
                locator.downloader().fetch(downloadBase.resolve(f), target.resolve(f), checksums.get(f));
            }
            return Optional.of(target);
        } catch (DatasetException e) {
            LOG.warn("{}: download from {} failed: {}", name, downloadBase, e.getMessage());
            return Optional.empty();
        }
    }

    private static Path file(Path dir, String name) {
        return DataLocator.resolveVariant(dir, name).orElseThrow();
    }

    private static InputStream resource(String file) {
        InputStream in = IdxDatasetProvider.class.getResourceAsStream(BUNDLED_SUBSET + file);
        if (in == null) {
            throw new DatasetException("bundled dataset file missing from the classpath: " + BUNDLED_SUBSET + file);
        }
        return in;
    }

    private DatasetBundle bundle(String origin, IdxReader.Images trainImages, int[] trainLabels,
                                 IdxReader.Images testImages, int[] testLabels) {
        check(origin, trainImages, trainLabels);
        check(origin, testImages, testLabels);
        ImageSource train = new InMemoryImageSource(name, 10, 1, trainImages.rows(), trainImages.cols(),
                trainImages.pixels(), trainLabels, InMemoryImageSource.consecutiveIds(0, trainLabels.length));
        ImageSource test = new InMemoryImageSource(name, 10, 1, testImages.rows(), testImages.cols(),
                testImages.pixels(), testLabels, InMemoryImageSource.consecutiveIds(trainLabels.length, testLabels.length));
        return new DatasetBundle(name, train, test, transforms);
    }

    private static void check(String origin, IdxReader.Images images, int[] labels) {
        if (images.count() != labels.length) {
            throw new DatasetException(origin + ": " + images.count() + " images but " + labels.length + " labels");
        }
    }
}
