package io.deepunlearn.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.data.DataLocator;
import io.deepunlearn.core.data.DatasetBundle;
import io.deepunlearn.core.data.Datasets;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.metric.Evaluator;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import java.nio.file.Files;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class TrainerTest {

    /** A few thousand real Fashion-MNIST images, 3 epochs: the small CNN must clearly learn (chance is 0.10). */
    @Test
    @Tag("slow") // not in the fast tier (-Pfast): trains on 4 000 real Fashion-MNIST images
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

    /** The epoch loop sums losses on the device; its mean must equal the mean of per-step reads on a twin net. */
    @Test
    void epochMeanEqualsTheMeanOfPerStepLosses() {
        TensorDataset data = TensorDataset.prepare(Datasets.load("synthetic", null).limit(200, 10, 1).train(),
                Datasets.load("synthetic", null).transforms());
        Loader loader = new Loader(data, 32, true, false, 3);
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            ModelSpec spec = new ModelSpec("small-cnn", 10, 3, 32);
            Network a = Architectures.create(spec, m.newSubManager(), 4);
            Network b = Architectures.create(spec, m.newSubManager(), 4);
            Sgd sgdA = new Sgd(a.parameters(), 0.05, 0.9, 5e-4);
            Sgd sgdB = new Sgd(b.parameters(), 0.05, 0.9, 5e-4);
            double epochMean = Trainer.epoch(a, loader, 0, sgdA, x -> Losses.crossEntropy(a.forward(x.x(), true), x.y()));
            double sum = 0;
            int n = 0;
            try (NDManager scope = m.newSubManager()) {
                for (Batch batch : loader.epoch(scope, 0)) {
                    sum += Trainer.step(sgdB, x -> Losses.crossEntropy(b.forward(x.x(), true), x.y()), batch);
                    n++;
                }
            }
            assertThat(n).isEqualTo(loader.batchesPerEpoch());
            assertThat(epochMean).isCloseTo(sum / n, org.assertj.core.data.Offset.offset(1e-6));
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
