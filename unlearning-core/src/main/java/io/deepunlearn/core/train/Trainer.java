package io.deepunlearn.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.model.Network;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Training loops. Every step's tensors live in a per-step manager that is closed right after the update. */
public final class Trainer {

    private Trainer() {
    }

    /** One epoch's summary. */
    public record EpochMetrics(int epoch, double loss, double accuracy, double lr, double seconds) {
    }

    /** The result of a full training run. */
    public record TrainResult(List<EpochMetrics> epochs, double seconds) {
    }

    /**
     * Forward + backward of {@code loss} on one batch, then {@code optimizer.step()}. Returns the loss value.
     * Batch tensors must live in {@code stepManager}, which the caller closes.
     */
    public static double step(Optimizer optimizer, BatchLoss loss, Batch batch) {
        double value;
        try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
            NDArray l = loss.apply(batch);
            gc.backward(l);
            value = l.getFloat();
        }
        optimizer.step();
        return value;
    }

    /** One pass over {@code loader}; returns the mean batch loss. */
    public static double epoch(Network net, Loader loader, int epoch, Optimizer optimizer, BatchLoss loss) {
        double sum = 0;
        int n = 0;
        try (NDManager scope = net.manager().newSubManager()) {
            Iterator<Batch> it = loader.epoch(scope, epoch).iterator();
            while (it.hasNext()) {
                try (NDManager stepManager = scope.newSubManager()) {
                    Batch b = it.next();
                    b.x().attach(stepManager);
                    b.y().attach(stepManager);
                    sum += step(optimizer, loss, b);
                    n++;
                }
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /**
     * Trains an original or retrained model per spec §2.3: SGD(lr, momentum, wd), CosineAnnealingLR(T_max =
     * epochs) stepped per epoch, cross-entropy, augmented shuffled data, BN in train mode.
     */
    public static TrainResult train(Network net, TensorDataset data, TrainConfig cfg, ProgressListener progress) {
        long start = System.nanoTime();
        Loader loader = new Loader(data, cfg.batchSize(), true, cfg.augment(), cfg.dataSeed());
        Sgd sgd = new Sgd(net.parameters(), cfg.lr(), cfg.momentum(), cfg.weightDecay());
        List<EpochMetrics> history = new ArrayList<>();
        progress.start("train " + net.spec().architecture(), (long) cfg.epochs() * loader.batchesPerEpoch());
        long done = 0;
        for (int e = 0; e < cfg.epochs(); e++) {
            long t0 = System.nanoTime();
            double lr = LrSchedules.cosine(cfg.lr(), e, cfg.epochs(), 0);
            sgd.setLearningRate(lr);
            double lossSum = 0;
            long correct = 0;
            int batches = 0;
            try (NDManager scope = net.manager().newSubManager()) {
                for (Batch b : loader.epoch(scope, e)) {
                    try (NDManager stepManager = scope.newSubManager()) {
                        b.x().attach(stepManager);
                        b.y().attach(stepManager);
                        long[] hit = new long[1];
                        lossSum += step(sgd, batch -> {
                            NDArray logits = net.forward(batch.x(), true);
                            try (NDArray pred = logits.argMax(1)) {
                                hit[0] = pred.eq(batch.y()).countNonzero().getLong();
                            }
                            return Losses.crossEntropy(logits, batch.y());
                        }, b);
                        correct += hit[0];
                        batches++;
                        progress.step(++done, String.format("epoch %d/%d loss %.4f", e + 1, cfg.epochs(), lossSum / batches));
                    }
                }
            }
            history.add(new EpochMetrics(e + 1, lossSum / Math.max(1, batches), (double) correct / data.size(), lr,
                    (System.nanoTime() - t0) / 1e9));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.finish(String.format("trained %d epochs in %.1f s", cfg.epochs(), seconds));
        return new TrainResult(history, seconds);
    }
}
