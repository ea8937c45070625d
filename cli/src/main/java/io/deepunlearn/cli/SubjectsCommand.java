package io.deepunlearn.cli;

import io.deepunlearn.localstack.ByoClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deepunlearn subjects import}: a subject-mapping file appended to a dataset's mapping. */
@Command(name = "subjects", mixinStandardHelpOptions = true,
        description = "Import data-subject mappings (sample id -> subject id) into a running pipeline.",
        subcommands = SubjectsCommand.Import.class)
final class SubjectsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Append FILE (CSV with the header sample_id,subject_id, or JSONL lines",
                "{\"sampleId\": N, \"subjectId\": \"...\"}) to the dataset's subject mapping. Subject ids are stored only",
                "as keyed pseudonyms. A file with bad rows is refused whole; each row and reason is printed."})
    static final class Import implements Callable<Integer> {

        @Option(names = "--dataset-id", required = true, paramLabel = "ID",
                description = "The dataset id (from the dataset or model registration, e.g. s3-mine).")
        String datasetId;

        @Option(names = "--file", required = true, paramLabel = "FILE", description = "A .csv or .jsonl/.ndjson file.")
        Path file;

        @Mixin
        TrainerOption trainer;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--file " + file + " is not a file");
            }
            return TrainerOption.report(trainer.client().importSubjects(datasetId, file), 200, 201);
        }
    }
}
