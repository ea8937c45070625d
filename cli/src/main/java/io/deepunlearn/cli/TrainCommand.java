package io.deepunlearn.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.core.bench.ReportWriter;
import io.deepunlearn.core.checkpoint.CheckpointIO;
import io.deepunlearn.core.data.DataSplits;
import io.deepunlearn.core.data.DatasetBundle;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.metric.Evaluator;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.TrainConfig;
import io.deepunlearn.core.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code deepunlearn train}: trains the original model (D_r + D_f) or the retrained reference (D_r). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train an original model on D_train (or, with --retrain, the retrained reference on D_r only)",
            "with the paper's recipe (SGD, momentum 0.9, wd 5e-4, cosine schedule, augmentation), and write",
            "DIR/checkpoint.ckpt, DIR/checkpoint.sha256, DIR/metrics.json and DIR/splits/*.npy."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--dataset", required = true, paramLabel = "NAME",
            description = "fashion-mnist, fashion-mnist-subset, mnist, cifar10, cifar100, utkface or synthetic.")
    String dataset;

    @Option(names = "--arch", defaultValue = "small-cnn", paramLabel = "ARCH",
            description = "small-cnn or resnet18. Default: ${DEFAULT-VALUE}.")
    String arch;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Model initialisation seed. Default: ${DEFAULT-VALUE}.")
    int seed;

    @Option(names = "--epochs", defaultValue = "5", paramLabel = "E",
            description = "Training epochs (the paper uses 50 for Fashion-MNIST). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--retrain", description = "Train the retrained reference on D_r only (forget set excluded).")
    boolean retrain;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--no-progress", description = "Do not draw a progress bar.")
    boolean noProgress;

    @Mixin
    ScaleOptions scale;

    @Override
    public Integer call() throws Exception {
        scale.validate();
        Architectures.requireKnown(arch);
        if (seed < 0) {
            throw new IllegalArgumentException("--seed must be >= 0, got " + seed);
        }
        TrainConfig cfg = new TrainConfig(epochs, scale.batchSize, scale.learningRate, 0.9, 5e-4, true, DataSplits.DEFAULT_SEED);
        DatasetBundle bundle = scale.load(dataset);
        DataSplits splits = DataSplits.create(bundle.train().size(), bundle.test().size(), DataSplits.DEFAULT_SEED);
        Files.createDirectories(out);
        splits.save(out.resolve("splits"), bundle.train(), bundle.test());
        TensorDataset pool = TensorDataset.prepare(bundle.train(), bundle.transforms());
        TensorDataset trainSet = retrain ? pool.subset(splits.retain()) : pool.subset(splits.train());
        TensorDataset test = TensorDataset.prepare(bundle.test(), bundle.transforms());
        ModelSpec spec = new ModelSpec(arch, bundle.numClasses(), 3, bundle.transforms().size());
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            Network net = Architectures.create(spec, manager.newSubManager(), seed);
            Trainer.TrainResult result = Trainer.train(net, trainSet, cfg, new ProgressBars(!noProgress));
            double testAccuracy = Evaluator.accuracy(net, test);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("role", retrain ? "retrain" : "original");
            meta.put("dataset", dataset);
            meta.put("split_id", splits.id(bundle.train(), bundle.test()));
            meta.put("seed", seed);
            meta.put("train_config", cfg);
            String sha = CheckpointIO.save(net, meta, out.resolve("checkpoint.ckpt"));
            Files.writeString(out.resolve("checkpoint.sha256"), sha + "  checkpoint.ckpt\n");
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("test_accuracy", testAccuracy);
            metrics.put("train_seconds", result.seconds());
            metrics.put("train_accuracy", result.epochs().get(result.epochs().size() - 1).accuracy());
            metrics.put("role", meta.get("role"));
            metrics.put("dataset", dataset);
            metrics.put("arch", arch);
            metrics.put("seed", seed);
            metrics.put("train_samples", trainSet.size());
            metrics.put("test_samples", test.size());
            metrics.put("split_id", meta.get("split_id"));
            metrics.put("checkpoint_sha256", sha);
            metrics.put("epochs", result.epochs());
            metrics.put("engine", Engines.describe());
            ObjectMapper json = ReportWriter.json();
            json.writeValue(out.resolve("metrics.json").toFile(), metrics);
            System.out.printf("trained %s on %s (%d samples, %d epochs) in %.1f s: test accuracy %.4f -> %s%n",
                    arch, dataset, trainSet.size(), epochs, result.seconds(), testAccuracy, out.resolve("checkpoint.ckpt"));
        }
        return 0;
    }
}
