package io.deepunlearn.core.method;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.data.DataSplits;
import io.deepunlearn.core.data.DatasetBundle;
import io.deepunlearn.core.data.SyntheticDatasetProvider;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.core.train.TrainConfig;
import io.deepunlearn.core.train.Trainer;

/**
 * A small synthetic task shared by method tests: 600 training samples (20 % with random labels, so the forget
 * set can only be fitted by memorisation), a small CNN trained on D_r and D_f ("original"). Built once per JVM.
 */
public final class MethodFixture implements AutoCloseable {

    public final NDManager manager;
    public final TensorDataset retain;
    public final TensorDataset forget;
    public final TensorDataset val;
    public final TensorDataset test;
    public final Network original;

    private static MethodFixture shared;

    private MethodFixture(int epochs) {
        manager = Engines.pytorch().newBaseManager();
        DatasetBundle b = new SyntheticDatasetProvider(4, 600, 200, 16, 40, 0.2, 11).load(null);
        DataSplits s = DataSplits.create(b.train().size(), b.test().size(), DataSplits.DEFAULT_SEED);
        TensorDataset pool = TensorDataset.prepare(b.train(), b.transforms());
        retain = pool.subset(s.retain());
        forget = pool.subset(s.forget());
        val = pool.subset(s.val());
        test = TensorDataset.prepare(b.test(), b.transforms());
        original = Architectures.create(new ModelSpec("small-cnn", 4, 3, 32), manager.newSubManager(), 0);
        Trainer.train(original, retain.concat(forget), new TrainConfig(epochs, 32, 0.05, 0.9, 5e-4, false, 123),
                ProgressListener.NONE);
    }

    /** The shared fixture (trained once, 8 epochs). Tests must not modify {@link #original}; use {@link #context}. */
    public static synchronized MethodFixture shared() {
        if (shared == null) {
            shared = new MethodFixture(8);
        }
        return shared;
    }

    /** A fresh context holding a private copy of the original model. */
    public UnlearningContext context() {
        return new UnlearningContext(original.copy(), new UnlearningData(retain, forget, val), 0, ProgressListener.NONE);
    }

    @Override
    public void close() {
        manager.close();
    }
}
