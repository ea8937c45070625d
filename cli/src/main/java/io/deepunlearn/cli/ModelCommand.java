package io.deepunlearn.cli;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.checkpoint.Checkpoint;
import io.deepunlearn.core.checkpoint.CheckpointIO;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.interop.StateDictWeights;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.util.Hashing;
import io.deepunlearn.localstack.ByoClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code deepunlearn model import|export}: weights in and out as safetensors with PyTorch state_dict names
 * (torchvision's for resnet18), so a model trained elsewhere can be unlearned here and the result served by a
 * PyTorch-based model server. See docs/integration.md.
 */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Import weights from or export them to safetensors (PyTorch state_dict names), and register",
            "a model trained elsewhere with a running pipeline."},
        subcommands = {ModelCommand.Import.class, ModelCommand.Export.class, ModelCommand.Register.class})
final class ModelCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code model import}: safetensors -> DIR/checkpoint.ckpt (+ .sha256), as {@code train} writes them. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import a state_dict saved as safetensors (e.g. a torchvision resnet18 trained in PyTorch)",
                "and write DIR/checkpoint.ckpt and DIR/checkpoint.sha256. Classes and input channels are read",
                "from the weights; missing, unexpected or mis-shaped tensors are reported by name."})
    static final class Import implements Callable<Integer> {

        @Option(names = "--arch", required = true, paramLabel = "ARCH", description = "Architecture, e.g. resnet18 or small-cnn.")
        String arch;

        @Option(names = "--weights", required = true, paramLabel = "FILE", description = "The .safetensors file.")
        Path weights;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
        Path out;

        @Option(names = "--image-size", defaultValue = "32", paramLabel = "PX",
                description = "Input height = width the model runs on. Default: ${DEFAULT-VALUE}.")
        int imageSize;

        @Option(names = "--num-classes", paramLabel = "N",
                description = "Number of classes (default: rows of the classifier's weight in the file).")
        Integer numClasses;

        @Option(names = "--dataset", paramLabel = "NAME", description = "Dataset it was trained on (recorded in the metadata).")
        String dataset;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(weights)) {
                throw new IllegalArgumentException("--weights " + weights + " is not a file");
            }
            try (NDManager manager = Engines.pytorch().newBaseManager()) {
                StateDictWeights.Imported imported = StateDictWeights.importFile(arch, weights, imageSize, numClasses, manager);
                Network net = imported.network();
                Map<String, Object> meta = StateDictWeights.checkpointMetadata(imported, weights);
                if (dataset != null) {
                    meta.put("dataset", dataset);
                }
                Files.createDirectories(out);
                Path ckpt = out.resolve("checkpoint.ckpt");
                String sha = CheckpointIO.save(net, meta, ckpt);
                Files.writeString(out.resolve("checkpoint.sha256"), sha + "  checkpoint.ckpt\n");
                System.out.printf("imported %s (%d classes, %dx%dx%d input, %,d parameters) from %s -> %s%n", arch,
                        net.spec().numClasses(), net.spec().channels(), imageSize, imageSize, net.parameterCount(),
                        weights, ckpt);
            }
            return 0;
        }
    }

    /**
     * {@code model export}: a checkpoint file, or a pipeline model's version (by default its release), to
     * safetensors that {@code load_state_dict(strict=True)} accepts.
     */
    @Command(name = "export", mixinStandardHelpOptions = true,
            description = {"Export a checkpoint as safetensors with PyTorch state_dict names (incl. BatchNorm",
                "num_batches_tracked), loadable with model.load_state_dict(..., strict=True): a local checkpoint",
                "(--checkpoint) or a model version of a running pipeline (--model-id, default: its release)."})
    static final class Export implements Callable<Integer> {

        @Option(names = "--checkpoint", paramLabel = "PATH",
                description = "A checkpoint file, or a directory holding checkpoint.ckpt.")
        Path checkpoint;

        @Option(names = "--model-id", paramLabel = "ID", description = "A model of the running pipeline (instead of --checkpoint).")
        String modelId;

        @Option(names = "--version", paramLabel = "V", description = "With --model-id: this version (default: the released one).")
        String version;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "The .safetensors file to write.")
        Path out;

        @Mixin
        TrainerOption trainer;

        @Override
        public Integer call() throws Exception {
            if ((checkpoint == null) == (modelId == null)) {
                throw new IllegalArgumentException("give exactly one of --checkpoint and --model-id");
            }
            if (modelId != null) {
                ByoClient.Weights w = trainer.client().exportWeights(modelId, version);
                Files.write(out, w.safetensors());
                System.out.printf("exported %s@%s -> %s (sha256 %s)%n", modelId, w.version(), out,
                        Hashing.sha256(out));
                return 0;
            }
            Path file = Files.isDirectory(checkpoint) ? checkpoint.resolve("checkpoint.ckpt") : checkpoint;
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--checkpoint " + checkpoint + ": no checkpoint file there");
            }
            Checkpoint ckpt = CheckpointIO.load(file);
            try (NDManager manager = Engines.pytorch().newBaseManager(); Network net = ckpt.toNetwork(manager.newSubManager())) {
                String sha = StateDictWeights.export(net, StateDictWeights.countersFrom(ckpt.metadata()), out);
                System.out.printf("exported %s (%d classes) from %s -> %s (sha256 %s)%n", ckpt.spec().architecture(),
                        ckpt.spec().numClasses(), file, out, sha);
            }
            return 0;
        }
    }

    /** {@code model register}: safetensors weights + the samples they were trained on -> version 1 of a lineage. */
    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Register a model trained elsewhere with a running pipeline as version 1 of a lineage,",
                "without training it: its weights (safetensors, PyTorch names), the dataset it was trained on and",
                "which samples of that dataset's train part it was trained on (--train-ids) and/or never saw",
                "(--held-out-ids: the audit's non-members, at least 10). Id files: a 1-D integer .npy, or text."})
    static final class Register implements Callable<Integer> {

        @Option(names = "--model-id", required = true, paramLabel = "ID", description = "The new model's id.")
        String modelId;

        @Option(names = "--arch", required = true, paramLabel = "ARCH", description = "Architecture, e.g. resnet18 or small-cnn.")
        String arch;

        @Option(names = "--weights", required = true, paramLabel = "FILE", description = "The .safetensors file.")
        Path weights;

        @Option(names = "--dataset", required = true, paramLabel = "NAME",
                description = "What it was trained on: s3:NAME (see 'dataset upload'), npy:/abs/dir or a built-in name.")
        String dataset;

        @Option(names = "--train-ids", paramLabel = "FILE", description = "Sample ids it was trained on.")
        Path trainIds;

        @Option(names = "--held-out-ids", paramLabel = "FILE", description = "Sample ids of the train part it never saw.")
        Path heldOutIds;

        @Option(names = "--epochs", paramLabel = "N", description = "Recipe of this pipeline's exact retrain (and U-LiRA shadows): epochs.")
        Integer epochs;

        @Option(names = "--batch-size", paramLabel = "N", description = "Recipe: batch size.")
        Integer batchSize;

        @Option(names = "--learning-rate", paramLabel = "LR", description = "Recipe: learning rate.")
        Double learningRate;

        @Mixin
        TrainerOption trainer;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(weights)) {
                throw new IllegalArgumentException("--weights " + weights + " is not a file");
            }
            Map<String, Object> registration = new java.util.LinkedHashMap<>();
            registration.put("modelId", modelId);
            registration.put("architecture", arch);
            registration.put("dataset", dataset);
            if (trainIds != null) {
                registration.put("trainSampleIds", ByoClient.readIds(trainIds));
            }
            if (heldOutIds != null) {
                registration.put("heldOutSampleIds", ByoClient.readIds(heldOutIds));
            }
            Map<String, Object> recipe = new java.util.LinkedHashMap<>();
            if (epochs != null) {
                recipe.put("epochs", epochs);
            }
            if (batchSize != null) {
                recipe.put("batchSize", batchSize);
            }
            if (learningRate != null) {
                recipe.put("learningRate", learningRate);
            }
            if (!recipe.isEmpty()) {
                registration.put("recipe", recipe);
            }
            return TrainerOption.report(trainer.client().registerModel(registration, weights), 201);
        }
    }
}
