package io.deepunlearn.pipeline.datasets;

import io.deepunlearn.core.data.DataLocator;
import io.deepunlearn.core.data.DatasetBundle;
import io.deepunlearn.core.data.DatasetException;
import io.deepunlearn.core.data.DatasetProvider;
import io.deepunlearn.core.data.DatasetProviderFactory;
import io.deepunlearn.core.data.NpyDatasetProvider;
import java.util.List;

/**
 * The {@code s3:NAME} dataset scheme (java.util.ServiceLoader, like any user's extension): a dataset registered in
 * the pipeline's object store ({@link UploadedDatasets}), loaded from its validated local copy. The services connect
 * it to their object store at start ({@link #use}); elsewhere (the CLI) an {@code s3:} name is a clear error.
 */
public final class S3DatasetFactory implements DatasetProviderFactory {

    private static volatile UploadedDatasets uploads;

    /** Connects the scheme to the services' object store (called once at service start). */
    public static void use(UploadedDatasets datasets) {
        uploads = datasets;
    }

    @Override
    public List<String> names() {
        return List.of();
    }

    @Override
    public List<String> schemes() {
        return List.of(UploadedDatasets.SCHEME);
    }

    @Override
    public DatasetProvider create(String name) {
        String datasetName = UploadedDatasets.nameOf(name).orElseThrow();
        return new DatasetProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public DatasetBundle load(DataLocator locator) {
                UploadedDatasets source = uploads;
                if (source == null) {
                    throw new DatasetException(name + ": s3: datasets live in the pipeline's object store and are "
                            + "loaded by its services; locally, name the folder as npy:DIR");
                }
                return new NpyDatasetProvider(name, source.materialize(datasetName)).load(locator);
            }
        };
    }
}
