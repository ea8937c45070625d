package io.deepunlearn.cli;

import io.deepunlearn.localstack.ByoClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deepunlearn dataset upload}: a folder of NPY shards into the pipeline's object store as {@code s3:NAME}. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = "Bring a dataset (NPY shards) to a running pipeline.", subcommands = DatasetCommand.Upload.class)
final class DatasetCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "upload", mixinStandardHelpOptions = true,
            description = {"Upload DIR (dataset.json, train/ and test/ images|labels|ids[-SUFFIX].npy) to the trainer",
                "and register it as s3:NAME: it is validated as the services will load it (shapes, label range,",
                "counts, unique ids) and sealed. Prints the registration (datasetId, classes, counts)."})
    static final class Upload implements Callable<Integer> {

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Dataset name (a-z, 0-9, . _ -); used as s3:NAME.")
        String name;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The NPY dataset folder.")
        Path dir;

        @Mixin
        TrainerOption trainer;

        @Override
        public Integer call() {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--dir " + dir + " is not a directory");
            }
            return TrainerOption.report(trainer.client().uploadDataset(name, dir), 200, 201);
        }
    }
}
