package io.deepunlearn.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepunlearn.core.bench.ExperimentData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic user dataset {@code npy:DIR}: layout, ids, labels, transforms and every validation error. */
class NpyDatasetProviderTest {

    private static final int SIZE = 12;

    /** train: shards -000 (30 grey (N,H,W) images) and -001 (10 (N,1,H,W)); test: 12 images; 4 classes. */
    private static Path writeValid(Path dir, boolean ids) throws IOException {
        NpyFiles.uint8(dir.resolve("train/images-000.npy"), new long[] {30, SIZE, SIZE}, NpyFiles.pixels(30, 1, SIZE, 0));
        NpyFiles.int64(dir.resolve("train/labels-000.npy"), IntStream.range(0, 30).mapToLong(i -> i % 4).toArray());
        NpyFiles.uint8(dir.resolve("train/images-001.npy"), new long[] {10, 1, SIZE, SIZE}, NpyFiles.pixels(10, 1, SIZE, 3));
        NpyFiles.int64(dir.resolve("train/labels-001.npy"), IntStream.range(0, 10).mapToLong(i -> 3 - i % 4).toArray());
        NpyFiles.uint8(dir.resolve("test/images.npy"), new long[] {12, SIZE, SIZE}, NpyFiles.pixels(12, 1, SIZE, 5));
        NpyFiles.int64(dir.resolve("test/labels.npy"), IntStream.range(0, 12).mapToLong(i -> i % 4).toArray());
        if (ids) {
            NpyFiles.int64(dir.resolve("train/ids-000.npy"), IntStream.range(0, 30).mapToLong(i -> 1000 + 2 * i).toArray());
            NpyFiles.int64(dir.resolve("train/ids-001.npy"), IntStream.range(0, 10).mapToLong(i -> 5000 + i).toArray());
            NpyFiles.int64(dir.resolve("test/ids.npy"), IntStream.range(0, 12).mapToLong(i -> 9000 + i).toArray());
        }
        return dir;
    }

    private static DatasetBundle load(Path dir) {
        return Datasets.load("npy:" + dir, null);
    }

    @Test
    void readsShardsInOrderWithLabelsIdsAndInferredSettings(@TempDir Path dir) throws IOException {
        DatasetBundle b = load(writeValid(dir, true));
        assertThat(b.name()).startsWith("npy-").hasSize("npy-".length() + dir.getFileName().toString().length() + 13);
        assertThat(b.train().size()).isEqualTo(40);
        assertThat(b.test().size()).isEqualTo(12);
        assertThat(b.numClasses()).isEqualTo(4);
        assertThat(b.train().channels()).isEqualTo(1);
        assertThat(b.train().sampleId(0)).isEqualTo(1000);
        assertThat(b.train().sampleId(30)).isEqualTo(5000);
        assertThat(b.test().sampleId(11)).isEqualTo(9011);
        assertThat(b.train().label(30)).isEqualTo(3);
        byte[] px = new byte[SIZE * SIZE];
        b.train().pixels(31, px, 0); // second shard, second image
        assertThat(px).isEqualTo(java.util.Arrays.copyOfRange(NpyFiles.pixels(10, 1, SIZE, 3), SIZE * SIZE, 2 * SIZE * SIZE));
        TransformSpec t = b.transforms();
        assertThat(t.channels()).isEqualTo(3); // grey is expanded by the loader
        assertThat(t.size()).isEqualTo(SIZE);
        assertThat(t.augmentation()).isEqualTo(TransformSpec.Augmentation.NONE);
        assertThat(t.mean()[0]).isBetween(0.01f, 0.99f);
        assertThat(t.std()[0]).isPositive();
    }

    @Test
    void withoutIdsFilesTrainIdsStartAtZeroAndTestIdsFollow(@TempDir Path dir) throws IOException {
        DatasetBundle b = load(writeValid(dir, false));
        assertThat(b.train().sampleIds()).isEqualTo(IntStream.range(0, 40).toArray());
        assertThat(b.test().sampleIds()).isEqualTo(IntStream.range(40, 52).toArray());
    }

    @Test
    void datasetJsonSetsClassesSizeNormalisationAndAugmentation(@TempDir Path dir) throws IOException {
        writeValid(dir, false);
        Files.writeString(dir.resolve("dataset.json"),
                "{\"numClasses\": 6, \"imageSize\": 16, \"mean\": [0.5], \"std\": [0.25], \"augmentation\": \"flip\"}");
        DatasetBundle b = load(dir);
        assertThat(b.numClasses()).isEqualTo(6);
        assertThat(b.transforms().size()).isEqualTo(16);
        assertThat(b.transforms().mean()).containsExactly(0.5f, 0.5f, 0.5f);
        assertThat(b.transforms().std()).containsExactly(0.25f, 0.25f, 0.25f);
        assertThat(b.transforms().augmentation()).isEqualTo(TransformSpec.Augmentation.FLIP);
    }

    @Test
    void theBundleNameFingerprintsTheContent(@TempDir Path dir) throws IOException {
        String before = load(writeValid(dir, false)).name();
        assertThat(load(dir).name()).isEqualTo(before);
        NpyFiles.int64(dir.resolve("test/labels.npy"), IntStream.range(0, 12).mapToLong(i -> (i + 1) % 4).toArray());
        assertThat(load(dir).name()).isNotEqualTo(before);
    }

    @Test
    void benchAndTrainUseItThroughTheDatasetOption(@TempDir Path dir) throws IOException {
        writeValid(dir, true);
        ExperimentData data = ExperimentData.load("npy:" + dir, null, null, null);
        assertThat(data.pool().size()).isEqualTo(40);
        assertThat(data.data().forget().size()).isPositive();
        assertThat(data.spec("small-cnn").imageSize()).isEqualTo(SIZE);
        assertThat(data.referenceCache(dir.resolve("cache"), "small-cnn",
                new io.deepunlearn.core.train.TrainConfig(1, 8, 0.01, 0.9, 5e-4, false, 123)).toString())
                .doesNotContain("npy:").contains(data.bundle().name());
    }

    @Test
    void channelsFirstColourImagesAreAccepted(@TempDir Path dir) throws IOException {
        NpyFiles.uint8(dir.resolve("train/images.npy"), new long[] {4, 3, 8, 8}, NpyFiles.pixels(4, 3, 8, 0));
        NpyFiles.int64(dir.resolve("train/labels.npy"), 0, 1, 0, 1);
        NpyFiles.uint8(dir.resolve("test/images.npy"), new long[] {2, 3, 8, 8}, NpyFiles.pixels(2, 3, 8, 1));
        NpyFiles.int64(dir.resolve("test/labels.npy"), 1, 0);
        DatasetBundle b = load(dir);
        assertThat(b.train().channels()).isEqualTo(3);
        assertThat(b.transforms().mean()).hasSize(3);
        assertThat(TensorDataset.prepare(b.train(), b.transforms()).size()).isEqualTo(4);
    }

    @Test
    void aLabelOutOfRangeNamesFileRowAndValue(@TempDir Path dir) throws IOException {
        writeValid(dir, false);
        Files.writeString(dir.resolve("dataset.json"), "{\"numClasses\": 3}");
        assertThatThrownBy(() -> load(dir)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("labels-000.npy").hasMessageContaining("label 3 at row 3")
                .hasMessageContaining("outside 0..2");
        NpyFiles.int64(dir.resolve("test/labels.npy"), IntStream.range(0, 12).map(i -> i == 4 ? -1 : 0).asLongStream().toArray());
        assertThatThrownBy(() -> load(dir)).isInstanceOf(DatasetException.class).hasMessageContaining("label -1");
    }

    @Test
    void shapeMismatchesAreReported(@TempDir Path dir) throws IOException {
        writeValid(dir, false);
        NpyFiles.uint8(dir.resolve("train/images-001.npy"), new long[] {10, 1, 10, 10}, NpyFiles.pixels(10, 1, 10, 3));
        assertThatThrownBy(() -> load(dir)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("images-001.npy").hasMessageContaining("shape mismatch");
        writeValid(dir, false);
        NpyFiles.uint8(dir.resolve("test/images.npy"), new long[] {12, 3, SIZE, SIZE}, NpyFiles.pixels(12, 3, SIZE, 5));
        assertThatThrownBy(() -> load(dir)).hasMessageContaining("shape mismatch: train images are 1x12x12 but test images are 3x12x12");
        writeValid(dir, false);
        NpyFiles.int64(dir.resolve("train/labels-001.npy"), 1, 2, 3);
        assertThatThrownBy(() -> load(dir)).hasMessageContaining("labels-001.npy: shape [3] but images-001.npy holds 10 images");
        writeValid(dir, false);
        NpyFiles.uint8(dir.resolve("test/images.npy"), new long[] {12, SIZE, SIZE, 3}, NpyFiles.pixels(12, 3, SIZE, 5));
        assertThatThrownBy(() -> load(dir)).hasMessageContaining("channels-last");
    }

    @Test
    void badFilesAreReported(@TempDir Path dir) throws IOException {
        writeValid(dir, false);
        Files.writeString(dir.resolve("train/labels-000.npy"), "not numpy");
        assertThatThrownBy(() -> load(dir)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("labels-000.npy: not a .npy file");
        writeValid(dir, false);
        NpyFiles.write(dir.resolve("test/images.npy"), "<f4", new long[] {12, SIZE, SIZE}, new byte[12 * SIZE * SIZE * 4]);
        assertThatThrownBy(() -> load(dir)).hasMessageContaining("images.npy: dtype <f4, expected uint8");
        writeValid(dir, false);
        NpyFiles.write(dir.resolve("test/images.npy"), "|u1", new long[] {12, SIZE, SIZE}, new byte[100]);
        assertThatThrownBy(() -> load(dir)).hasMessageContaining("holds 100 data bytes");
        writeValid(dir, false);
        Files.delete(dir.resolve("train/labels-001.npy"));
        assertThatThrownBy(() -> load(dir)).hasMessageContaining("no matching labels file labels-001.npy");
        writeValid(dir, false);
        Files.writeString(dir.resolve("dataset.json"), "{\"classes\": 3}");
        assertThatThrownBy(() -> load(dir)).hasMessageContaining("not a valid dataset.json");
        assertThatThrownBy(() -> load(dir.resolve("absent"))).hasMessageContaining("is not a directory");
        Path empty = Files.createDirectories(dir.resolve("empty/train"));
        assertThatThrownBy(() -> load(empty.getParent())).hasMessageContaining("no images*.npy shards");
    }

    @Test
    void idsMustBeUniqueAndPresentForEveryShardOrNone(@TempDir Path dir) throws IOException {
        writeValid(dir, true);
        NpyFiles.int64(dir.resolve("test/ids.npy"), IntStream.range(0, 12).mapToLong(i -> 1000 + i).toArray());
        assertThatThrownBy(() -> load(dir)).isInstanceOf(DatasetException.class)
                .hasMessageContaining("sample id 1000 appears more than once");
        writeValid(dir, true);
        Files.delete(dir.resolve("train/ids-001.npy"));
        assertThatThrownBy(() -> load(dir)).hasMessageContaining("ids files must exist for every shard or for none");
        writeValid(dir, true);
        Files.delete(dir.resolve("test/ids.npy"));
        assertThatThrownBy(() -> load(dir)).hasMessageContaining("but not the other");
    }

    @Test
    void unknownSchemesAndNamesListWhatIsAccepted() {
        assertThat(Datasets.schemes()).contains("npy");
        assertThat(Datasets.isKnown("npy:/x")).isTrue();
        assertThat(Datasets.isKnown("nope:/x")).isFalse();
        assertThatThrownBy(() -> Datasets.provider("nope")).hasMessageContaining("npy:LOCATION")
                .hasMessageContaining("fashion-mnist");
    }
}
