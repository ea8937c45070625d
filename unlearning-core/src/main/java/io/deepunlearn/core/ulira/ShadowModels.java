package io.deepunlearn.core.ulira;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.checkpoint.CheckpointIO;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.core.train.TrainConfig;
import io.deepunlearn.core.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shadow models of U-LiRA, trained once and cached on disk (checkpoint + SHA-256 sidecar), so every method and
 * every later run reuses them: per split s one original trained on the member half, and per (s, f) one retrained
 * model trained on D_r(s, f), all from the same initial weights (the reference uses model seed 0 throughout).
 * The reference trains an original per (s, f), but D_r(s, f) + D_f(s, f) is the same member half for every f, so
 * one original per split serves all its forget sets (only the data order differs in the reference).
 */
final class ShadowModels {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowModels.class);

    private final Path dir;
    private final ModelSpec spec;
    private final int modelSeed;
    private final TrainConfig cfg;
    private final TensorDataset pool;
    private final ShadowSplits splits;
    private final ProgressListener trainingProgress;
    private int trained;
    private int reused;
    private double trainingSeconds;

    ShadowModels(Path dir, ModelSpec spec, int modelSeed, TrainConfig cfg, TensorDataset pool, ShadowSplits splits,
                 ProgressListener trainingProgress) {
        this.dir = dir;
        this.spec = spec;
        this.modelSeed = modelSeed;
        this.cfg = cfg;
        this.pool = pool;
        this.splits = splits;
        this.trainingProgress = trainingProgress;
    }

    Network original(int s, NDManager manager) {
        return loadOrTrain(dir.resolve("split-" + s).resolve("original.ckpt"), manager,
                () -> train(splits.members(s), manager));
    }

    Network retrain(int s, int f, NDManager manager) {
        return loadOrTrain(dir.resolve("split-" + s).resolve("retrain-" + f + ".ckpt"), manager,
                () -> train(splits.retain(s, f), manager));
    }

    int trained() {
        return trained;
    }

    int reused() {
        return reused;
    }

    double trainingSeconds() {
        return trainingSeconds;
    }

    private Network train(int[] devIndices, NDManager manager) {
        Network net = Architectures.create(spec, manager.newSubManager(), modelSeed);
        trainingSeconds += Trainer.train(net, pool.subset(splits.toPool(devIndices)), cfg, trainingProgress).seconds();
        trained++;
        return net;
    }

    private Network loadOrTrain(Path file, NDManager manager, Supplier<Network> train) {
        Path shaFile = file.resolveSibling(file.getFileName() + ".sha256");
        if (Files.isRegularFile(file) && Files.isRegularFile(shaFile)) {
            try {
                String sha = Files.readString(shaFile, StandardCharsets.UTF_8).trim();
                Network net = CheckpointIO.load(file, sha).toNetwork(manager.newSubManager());
                reused++;
                return net;
            } catch (IOException | RuntimeException e) {
                LOG.warn("cached shadow model {} is unusable ({}); retraining", file, e.getMessage());
            }
        }
        Network net = train.get();
        String sha = CheckpointIO.save(net, Map.of("role", "ulira-shadow", "model_seed", modelSeed), file);
        try {
            Files.writeString(shaFile, sha + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", shaFile, e.getMessage());
        }
        return net;
    }
}
