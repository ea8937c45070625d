package io.deepunlearn.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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

    /** How often (in steps) {@link #train} reads the running loss back for its progress message. */
    private static final int PROGRESS_READ_EVERY = 10;

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
        return stepDeferred(optimizer, loss, batch).getFloat();
    }

    /**
     * {@link #step} without reading the loss back: returns the loss tensor (in the batch's manager, detached from
     * the graph) so loops can sum it on the device and read once per epoch. On a GPU a read per step would wait
     * for the device each time; on a CPU it costs a JNI round trip and a small copy.
     */
    public static NDArray stepDeferred(Optimizer optimizer, BatchLoss loss, Batch batch) {
        NDArray value;
        try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
            NDArray l = loss.apply(batch);
            gc.backward(l);
            value = l.stopGradient();
        }
        optimizer.step();
        return value;
    }

    /** One pass over {@code loader}; returns the mean batch loss (read from the device once, at the end). */
    public static double epoch(Network net, Loader loader, int epoch, Optimizer optimizer, BatchLoss loss) {
        int n = 0;
        try (NDManager scope = net.manager().newSubManager()) {
            NDArray sum = scope.zeros(new Shape(), DataType.FLOAT64);
            Iterator<Batch> it = loader.epoch(scope, epoch).iterator();
            while (it.hasNext()) {
                try (NDManager stepManager = scope.newSubManager()) {
                    Batch b = it.next();
                    b.x().attach(stepManager);
                    b.y().attach(stepManager);
                    sum.addi(stepDeferred(optimizer, loss, b));
                    n++;
                }
            }
            return n == 0 ? 0 : sum.getDouble() / n;
        }
    }

    /**
     * Trains an original or retrained model per docs/reference.md#training: SGD(lr, momentum, wd), CosineAnnealingLR(T_max =
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
            int batches = 0;
            double lossSum;
            long correct;
            try (NDManager scope = net.manager().newSubManager()) {
                // running sums stay on the device; read for the progress message every few steps and at the end
                NDArray lossTotal = scope.zeros(new Shape(), DataType.FLOAT64);
                NDArray hits = scope.zeros(new Shape(), DataType.INT64);
                double shownLoss = 0;
                for (Batch b : loader.epoch(scope, e)) {
                    try (NDManager stepManager = scope.newSubManager()) {
                        b.x().attach(stepManager);
                        b.y().attach(stepManager);
                        lossTotal.addi(stepDeferred(sgd, batch -> {
                            NDArray logits = net.forward(batch.x(), true);
                            hits.addi(logits.argMax(1).eq(batch.y()).countNonzero());
                            return Losses.crossEntropy(logits, batch.y());
                        }, b));
                        batches++;
                        if ((batches - 1) % PROGRESS_READ_EVERY == 0 || batches == loader.batchesPerEpoch()) {
                            shownLoss = lossTotal.getDouble() / batches;
                        }
                        progress.step(++done, String.format("epoch %d/%d loss %.4f", e + 1, cfg.epochs(), shownLoss));
                    }
                }
                lossSum = lossTotal.getDouble();
                correct = hits.getLong();
            }
            history.add(new EpochMetrics(e + 1, lossSum / Math.max(1, batches), (double) correct / data.size(), lr,
                    (System.nanoTime() - t0) / 1e9));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.finish(String.format("trained %d epochs in %.1f s", cfg.epochs(), seconds));
        return new TrainResult(history, seconds);
    }
}
