package io.deepunlearn.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadersTest {

    static void writeIdxImages(Path file, int n, int rows, int cols, boolean gzip) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(0x00000803);
            out.writeInt(n);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int i = 0; i < n * rows * cols; i++) {
                out.writeByte(i % 251);
            }
        }
    }

    static void writeIdxLabels(Path file, int[] labels, boolean gzip) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             DataOutputStream out = new DataOutputStream(gzip ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(0x00000801);
            out.writeInt(labels.length);
            for (int l : labels) {
                out.writeByte(l);
            }
        }
    }

    @Test
    void readsGzippedAndPlainIdx(@TempDir Path dir) throws IOException {
        for (boolean gzip : new boolean[] {true, false}) {
            Path img = dir.resolve("img" + gzip);
            Path lab = dir.resolve("lab" + gzip);
            writeIdxImages(img, 3, 4, 5, gzip);
            writeIdxLabels(lab, new int[] {7, 0, 9}, gzip);
            IdxReader.Images images = IdxReader.readImages(img);
            assertThat(images.count()).isEqualTo(3);
            assertThat(images.rows()).isEqualTo(4);
            assertThat(images.cols()).isEqualTo(5);
            assertThat(images.pixels()[21] & 0xff).isEqualTo(21);
            assertThat(IdxReader.readLabels(lab)).containsExactly(7, 0, 9);
        }
    }

    @Test
    void rejectsWrongMagicWithTheFileName(@TempDir Path dir) throws IOException {
        Path lab = dir.resolve("labels.idx");
        writeIdxLabels(lab, new int[] {1}, false);
        assertThatThrownBy(() -> IdxReader.readImages(lab))
                .isInstanceOf(DatasetException.class).hasMessageContaining("labels.idx").hasMessageContaining("IDX");
        assertThatThrownBy(() -> IdxReader.readLabels(dir.resolve("missing")))
                .isInstanceOf(DatasetException.class).hasMessageContaining("not found");
    }

    @Test
    void findsIdxDatasetInAnExplicitDirectory(@TempDir Path dir) throws IOException {
        Path fm = Files.createDirectories(dir.resolve("mnist"));
        writeIdxImages(fm.resolve("train-images-idx3-ubyte"), 40, 28, 28, false);
        writeIdxLabels(fm.resolve("train-labels-idx1-ubyte.gz"), java.util.stream.IntStream.range(0, 40).map(i -> i % 10).toArray(), true);
        writeIdxImages(fm.resolve("t10k-images-idx3-ubyte.gz"), 10, 28, 28, true);
        writeIdxLabels(fm.resolve("t10k-labels-idx1-ubyte.gz"), new int[10], true);
        DataLocator locator = DataLocator.only(dir);
        DatasetBundle b = IdxDatasetProvider.mnist().load(locator);
        assertThat(b.train().size()).isEqualTo(40);
        assertThat(b.test().size()).isEqualTo(10);
        assertThat(b.test().sampleId(0)).as("test ids follow the train ids").isEqualTo(40);
        assertThat(b.train().label(13)).isEqualTo(3);
    }

    @Test
    void readsCifar10And100Records(@TempDir Path dir) throws IOException {
        byte[] c10 = new byte[2 * (1 + 3072)];
        c10[0] = 3;
        c10[1] = 17;
        c10[3073] = 9;
        Files.write(dir.resolve("a.bin"), c10);
        CifarBinaryReader.Batch b = CifarBinaryReader.read(List.of(dir.resolve("a.bin")), 1);
        assertThat(b.labels()).containsExactly(3, 9);
        assertThat(b.pixels()[0]).isEqualTo((byte) 17);

        byte[] c100 = new byte[1 + 1 + 3072];
        c100[0] = 4;
        c100[1] = 88;
        Files.write(dir.resolve("b.bin"), c100);
        assertThat(CifarBinaryReader.read(List.of(dir.resolve("b.bin")), 2).labels()).containsExactly(88);

        Files.write(dir.resolve("bad.bin"), new byte[100]);
        assertThatThrownBy(() -> CifarBinaryReader.read(List.of(dir.resolve("bad.bin")), 1))
                .isInstanceOf(DatasetException.class).hasMessageContaining("bad.bin");
    }

    @Test
    void readsUtkFaceFolderWithAgeBins(@TempDir Path dir) throws IOException {
        int[] ages = {3, 25, 45, 61, 99, 19, 20, 80, 40, 33};
        for (int i = 0; i < ages.length; i++) {
            BufferedImage img = new BufferedImage(10, 12, BufferedImage.TYPE_INT_RGB);
            img.setRGB(0, 0, 0xff0000);
            ImageIO.write(img, "jpg", dir.resolve(ages[i] + "_0_1_2017" + i + ".jpg").toFile());
        }
        assertThat(UtkFaceDatasetProvider.ageBin("25_1_0_x.jpg")).isEqualTo(1);
        assertThat(UtkFaceDatasetProvider.ageBin("116_1_0_x.jpg")).isEqualTo(4);
        DatasetBundle b = new UtkFaceDatasetProvider(16).load(DataLocator.only(dir));
        assertThat(b.train().size() + b.test().size()).isEqualTo(10);
        assertThat(b.test().size()).isEqualTo(2);
        assertThat(b.numClasses()).isEqualTo(5);
        byte[] px = new byte[3 * 16 * 16];
        b.train().pixels(0, px, 0);
        assertThat(b.train().height()).isEqualTo(16);
    }

    @Test
    void syntheticDataIsSeededAndLabelled() {
        DatasetBundle a = SyntheticDatasetProvider.standard().load(null);
        DatasetBundle b = SyntheticDatasetProvider.standard().load(null);
        byte[] pa = new byte[28 * 28];
        byte[] pb = new byte[28 * 28];
        a.train().pixels(17, pa, 0);
        b.train().pixels(17, pb, 0);
        assertThat(pa).containsExactly(pb);
        assertThat(a.train().size()).isEqualTo(3000);
        assertThat(a.numClasses()).isEqualTo(10);
    }
}
