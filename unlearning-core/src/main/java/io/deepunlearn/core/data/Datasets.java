package io.deepunlearn.core.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of dataset names accepted on the command line and in events. */
public final class Datasets {

    private static final Map<String, Supplier<DatasetProvider>> PROVIDERS = new LinkedHashMap<>();

    static {
        PROVIDERS.put("fashion-mnist", IdxDatasetProvider::fashionMnist);
        PROVIDERS.put("fashion-mnist-subset", () -> new DatasetProvider() {
            @Override public String name() { return "fashion-mnist-subset"; }
            @Override public DatasetBundle load(DataLocator locator) {
                return IdxDatasetProvider.fashionMnist().bundledSubset();
            }
        });
        PROVIDERS.put("mnist", IdxDatasetProvider::mnist);
        PROVIDERS.put("cifar10", CifarDatasetProvider::cifar10);
        PROVIDERS.put("cifar100", CifarDatasetProvider::cifar100);
        PROVIDERS.put("utkface", () -> new UtkFaceDatasetProvider(224));
        PROVIDERS.put("synthetic", SyntheticDatasetProvider::standard);
    }

    private Datasets() {
    }

    public static java.util.Set<String> names() {
        return PROVIDERS.keySet();
    }

    public static DatasetProvider provider(String name) {
        Supplier<DatasetProvider> s = PROVIDERS.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown dataset '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return s.get();
    }

    public static DatasetBundle load(String name, DataLocator locator) {
        return provider(name).load(locator);
    }
}
