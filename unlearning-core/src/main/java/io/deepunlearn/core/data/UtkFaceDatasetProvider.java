package io.deepunlearn.core.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * UTKFace "Aligned &amp; Cropped" from an image folder. File names start with {@code age_gender_race_...}; the label
 * is the age bin clip(floor(age/20), 0, 4) (docs/reference.md#splits). The own train/test split: a {@code default_rng(123)}-style
 * seeded permutation whose first 20 % is test. Images are decoded lazily and resized to {@code size}.
 *
 * <p>Deviation: NumPy's {@code default_rng} (PCG64) permutation is not reproduced bit for bit; we use the legacy
 * MT19937 permutation with the same seed. Files are sorted by name first so the split is stable.
 */
public final class UtkFaceDatasetProvider implements DatasetProvider {

    public static final int NUM_CLASSES = 5;
    private final int size;

    public UtkFaceDatasetProvider(int size) {
        this.size = size;
    }

    @Override
    public String name() {
        return "utkface";
    }

    public static int ageBin(String fileName) {
        int underscore = fileName.indexOf('_');
        if (underscore <= 0) {
            throw new DatasetException("UTKFace file name without an age prefix: " + fileName);
        }
        int age;
        try {
            age = Integer.parseInt(fileName.substring(0, underscore));
        } catch (NumberFormatException e) {
            throw new DatasetException("UTKFace file name with a non-numeric age: " + fileName);
        }
        return Math.max(0, Math.min(4, Math.floorDiv(age, 20)));
    }

    @Override
    public DatasetBundle load(DataLocator locator) {
        for (Path root : locator.roots(name())) {
            for (Path dir : new Path[] {root, root.resolve("UTKFace")}) {
                if (Files.isDirectory(dir)) {
                    List<Path> files = list(dir);
                    if (!files.isEmpty()) {
                        return fromFiles(files);
                    }
                }
            }
        }
        throw new DatasetException("utkface: no *.jpg files in any of " + locator.roots(name()));
    }

    public DatasetBundle fromFiles(List<Path> files) {
        FolderSource all = new FolderSource(files, size);
        int[] perm = io.deepunlearn.core.util.NumpyRandom.permutation(files.size(), 123);
        int nTest = (int) (0.2 * files.size());
        int[] test = java.util.Arrays.copyOfRange(perm, 0, nTest);
        int[] train = java.util.Arrays.copyOfRange(perm, nTest, perm.length);
        float[] mean = {0.485f, 0.456f, 0.406f};
        float[] std = {0.229f, 0.224f, 0.225f};
        return new DatasetBundle(name(), all.subset(train), all.subset(test),
                new TransformSpec(3, size, mean, std, TransformSpec.Augmentation.NONE));
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".jpg")).sorted().toList();
        } catch (IOException e) {
            throw new DatasetException(dir + ": cannot list: " + e.getMessage(), e);
        }
    }

    /** Lazily decoded images; sample id = position in the sorted file list. */
    static final class FolderSource implements ImageSource {
        private final List<Path> files;
        private final int[] labels;
        private final int size;

        FolderSource(List<Path> files, int size) {
            this.files = new ArrayList<>(files);
            this.size = size;
            this.labels = new int[files.size()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = ageBin(files.get(i).getFileName().toString());
            }
        }

        @Override public String name() { return "utkface"; }
        @Override public int size() { return files.size(); }
        @Override public int numClasses() { return NUM_CLASSES; }
        @Override public int channels() { return 3; }
        @Override public int height() { return size; }
        @Override public int width() { return size; }
        @Override public int label(int index) { return labels[index]; }
        @Override public int sampleId(int index) { return index; }

        @Override
        public void pixels(int index, byte[] dst, int offset) {
            Path file = files.get(index);
            BufferedImage img;
            try {
                img = ImageIO.read(file.toFile());
            } catch (IOException e) {
                throw new DatasetException(file + ": cannot decode: " + e.getMessage(), e);
            }
            if (img == null) {
                throw new DatasetException(file + ": not a readable image");
            }
            BufferedImage scaled = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = scaled.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, size, size, null);
            g.dispose();
            int plane = size * size;
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int rgb = scaled.getRGB(x, y);
                    int p = offset + y * size + x;
                    dst[p] = (byte) (rgb >> 16);
                    dst[p + plane] = (byte) (rgb >> 8);
                    dst[p + 2 * plane] = (byte) rgb;
                }
            }
        }
    }
}
