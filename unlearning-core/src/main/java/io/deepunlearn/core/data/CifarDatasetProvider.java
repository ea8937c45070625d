package io.deepunlearn.core.data;

import java.nio.file.Path;
import java.util.List;

/** CIFAR-10 and CIFAR-100 from the official binary version (found locally; see README for the files). */
public final class CifarDatasetProvider implements DatasetProvider {

    private final String name;
    private final int numClasses;
    private final int labelBytes;
    private final List<String> trainFiles;
    private final List<String> testFiles;
    private final TransformSpec transforms;

    private CifarDatasetProvider(String name, int numClasses, int labelBytes, List<String> trainFiles,
                                 List<String> testFiles, TransformSpec transforms) {
        this.name = name;
        this.numClasses = numClasses;
        this.labelBytes = labelBytes;
        this.trainFiles = trainFiles;
        this.testFiles = testFiles;
        this.transforms = transforms;
    }

    public static CifarDatasetProvider cifar10() {
        return new CifarDatasetProvider("cifar10", 10, 1,
                List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"),
                List.of("test_batch.bin"),
                new TransformSpec(3, 32, new float[] {0.4914f, 0.4822f, 0.4465f},
                        new float[] {0.2023f, 0.1994f, 0.2010f}, TransformSpec.Augmentation.CROP_FLIP));
    }

    public static CifarDatasetProvider cifar100() {
        return new CifarDatasetProvider("cifar100", 100, 2, List.of("train.bin"), List.of("test.bin"),
                new TransformSpec(3, 32, new float[] {0.5071f, 0.4865f, 0.4409f},
                        new float[] {0.2673f, 0.2564f, 0.2762f}, TransformSpec.Augmentation.CROP_FLIP));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DatasetBundle load(DataLocator locator) {
        List<String> all = new java.util.ArrayList<>(trainFiles);
        all.addAll(testFiles);
        for (Path root : locator.roots(name)) {
            for (Path dir : new Path[] {root, root.resolve("cifar-10-batches-bin"), root.resolve("cifar-100-binary")}) {
                if (all.stream().allMatch(f -> java.nio.file.Files.isRegularFile(dir.resolve(f)))) {
                    return fromDirectory(dir);
                }
            }
        }
        throw new DatasetException(name + ": binary files " + all + " not found in any of " + locator.roots(name)
                + " (download the 'binary version' from https://www.cs.toronto.edu/~kriz/cifar.html and pass --data-dir)");
    }

    /** Reads the batches from {@code dir}. */
    public DatasetBundle fromDirectory(Path dir) {
        CifarBinaryReader.Batch train = CifarBinaryReader.read(trainFiles.stream().map(dir::resolve).toList(), labelBytes);
        CifarBinaryReader.Batch test = CifarBinaryReader.read(testFiles.stream().map(dir::resolve).toList(), labelBytes);
        int nTrain = train.labels().length;
        return new DatasetBundle(name,
                new InMemoryImageSource(name, numClasses, 3, 32, 32, train.pixels(), train.labels(),
                        InMemoryImageSource.consecutiveIds(0, nTrain)),
                new InMemoryImageSource(name, numClasses, 3, 32, 32, test.pixels(), test.labels(),
                        InMemoryImageSource.consecutiveIds(nTrain, test.labels().length)),
                transforms);
    }
}
