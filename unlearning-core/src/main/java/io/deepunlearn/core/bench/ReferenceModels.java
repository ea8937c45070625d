package io.deepunlearn.core.bench;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.core.checkpoint.CheckpointIO;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.core.train.TrainConfig;
import io.deepunlearn.core.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The original model (trained on D_r + D_f) and the retrained gold standard (trained on D_r only) of one seed,
 * both from the same initial weights (docs/reference.md#models, #training), cached on disk under a key of everything that determines
 * them, so benchmark reruns and other commands reuse them. A cached checkpoint whose SHA-256 no longer matches
 * is retrained.
 */
public final class ReferenceModels {

    private static final Logger LOG = LoggerFactory.getLogger(ReferenceModels.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The pair plus their training times (the retrain time is RTE's numerator). */
    public record Pair(Network original, Network retrain, double originalSeconds, double retrainSeconds)
            implements AutoCloseable {
        @Override
        public void close() {
            original.close();
            retrain.close();
        }
    }

    private ReferenceModels() {
    }

    /**
     * Loads or trains the pair for {@code seed}. {@code cacheDir} is the directory of this configuration (see
     * {@link #cacheKey}); the seed gets its own sub-folder.
     */
    public static Pair obtain(Path cacheDir, ModelSpec spec, int seed, TensorDataset retain, TensorDataset forget,
                              TrainConfig cfg, NDManager manager, ProgressListener progress) {
        Path dir = cacheDir.resolve("seed-" + seed);
        Path meta = dir.resolve("meta.json");
        if (Files.isRegularFile(meta)) {
            try {
                Map<?, ?> m = JSON.readValue(meta.toFile(), Map.class);
                Network original = CheckpointIO.load(dir.resolve("original.ckpt"), (String) m.get("original_sha256"))
                        .toNetwork(manager.newSubManager());
                Network retrain = CheckpointIO.load(dir.resolve("retrain.ckpt"), (String) m.get("retrain_sha256"))
                        .toNetwork(manager.newSubManager());
                LOG.info("seed {}: reusing cached original and retrained models from {}", seed, dir);
                return new Pair(original, retrain, ((Number) m.get("original_seconds")).doubleValue(),
                        ((Number) m.get("retrain_seconds")).doubleValue());
            } catch (IOException | RuntimeException e) {
                LOG.warn("seed {}: cached models in {} are unusable ({}); retraining", seed, dir, e.getMessage());
            }
        }
        Network original = Architectures.create(spec, manager.newSubManager(), seed);
        Network retrain = original.copy(); // same initial weights (docs/reference.md#models)
        Trainer.TrainResult o = Trainer.train(original, retain.concat(forget), cfg, progress);
        Trainer.TrainResult r = Trainer.train(retrain, retain, cfg, progress);
        Map<String, Object> ckMeta = Map.of("seed", seed, "train_config", cfg);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", seed);
        m.put("original_seconds", o.seconds());
        m.put("retrain_seconds", r.seconds());
        m.put("original_sha256", CheckpointIO.save(original, withRole(ckMeta, "original"), dir.resolve("original.ckpt")));
        m.put("retrain_sha256", CheckpointIO.save(retrain, withRole(ckMeta, "retrain"), dir.resolve("retrain.ckpt")));
        m.put("original_epochs", o.epochs());
        m.put("retrain_epochs", r.epochs());
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(meta.toFile(), m);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + meta, e);
        }
        return new Pair(original, retrain, o.seconds(), r.seconds());
    }

    private static Map<String, Object> withRole(Map<String, Object> meta, String role) {
        Map<String, Object> m = new LinkedHashMap<>(meta);
        m.put("role", role);
        return m;
    }

    /** Everything that determines the reference models, hashed into a folder name. */
    public static String cacheKey(String dataset, String splitId, ModelSpec spec, TrainConfig cfg, Integer trainSize,
                                  Integer testSize) {
        String text = String.join("|", "v1", dataset, splitId, spec.toString(), cfg.toString(),
                String.valueOf(trainSize), String.valueOf(testSize));
        return io.deepunlearn.core.util.Hashing.sha256(text).substring(0, 16);
    }
}
