package io.deepunlearn.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.data.DataLocator;
import io.deepunlearn.core.data.DatasetBundle;
import io.deepunlearn.core.data.Datasets;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.metric.Evaluator;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class TrainerTest {

    /** A few thousand real Fashion-MNIST images, 3 epochs: the small CNN must clearly learn (chance is 0.10). */
    @Test
    void smallCnnLearnsFashionMnist() {
        assumeThat(Files.isDirectory(DataLocator.DEBIAN_ROOT.resolve("fashion-mnist")))
                .as("Debian's dataset-fashion-mnist is not installed; skipping the real-data accuracy check").isTrue();
        DatasetBundle b = Datasets.load("fashion-mnist", DataLocator.standard(null)).limit(4000, 1000, 1);
        TensorDataset train = TensorDataset.prepare(b.train(), b.transforms());
        TensorDataset test = TensorDataset.prepare(b.test(), b.transforms());
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Network net = Architectures.create(new ModelSpec("small-cnn", 10, 3, 32), m.newSubManager(), 0);
            Trainer.TrainResult r = Trainer.train(net, train, new TrainConfig(3, 64, 0.05, 0.9, 5e-4, true, 123),
                    ProgressListener.NONE);
            assertThat(r.epochs()).hasSize(3);
            assertThat(r.epochs().get(2).loss()).isLessThan(r.epochs().get(0).loss());
            double acc = Evaluator.accuracy(net, test);
            assertThat(acc).as("test accuracy").isGreaterThan(0.70);
        }
    }

    @Test
    void trainingIsDeterministicForASeed() {
        DatasetBundle b = Datasets.load("synthetic", null).limit(300, 100, 1);
        TensorDataset train = TensorDataset.prepare(b.train(), b.transforms());
        double[] losses = new double[2];
        for (int run = 0; run < 2; run++) {
            try (NDManager m = Engines.pytorch().newBaseManager()) {
                Network net = Architectures.create(new ModelSpec("small-cnn", 10, 3, 32), m.newSubManager(), 5);
                losses[run] = Trainer.train(net, train, new TrainConfig(1, 32, 0.05, 0.9, 5e-4, true, 123),
                        ProgressListener.NONE).epochs().get(0).loss();
            }
        }
        assertThat(losses[0]).isEqualTo(losses[1]);
    }
}
