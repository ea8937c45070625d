package io.deepunlearn.core.data;

import java.util.List;

/** The datasets that ship with DeepUnlearn, contributed through the {@link DatasetProviderFactory} SPI. */
public final class BuiltinDatasets implements DatasetProviderFactory {

    @Override
    public List<String> names() {
        return List.of("fashion-mnist", "fashion-mnist-subset", "mnist", "cifar10", "cifar100", "utkface", "synthetic");
    }

    @Override
    public DatasetProvider create(String name) {
        return switch (name) {
            case "fashion-mnist" -> IdxDatasetProvider.fashionMnist();
            case "fashion-mnist-subset" -> new DatasetProvider() {
                @Override public String name() { return "fashion-mnist-subset"; }
                @Override public DatasetBundle load(DataLocator locator) {
                    return IdxDatasetProvider.fashionMnist().bundledSubset();
                }
            };
            case "mnist" -> IdxDatasetProvider.mnist();
            case "cifar10" -> CifarDatasetProvider.cifar10();
            case "cifar100" -> CifarDatasetProvider.cifar100();
            case "utkface" -> new UtkFaceDatasetProvider(224);
            case "synthetic" -> SyntheticDatasetProvider.standard();
            default -> throw new IllegalArgumentException("not a built-in dataset: " + name);
        };
    }
}
