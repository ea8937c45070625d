package io.deepunlearn.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.engine.Engines;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoaderTest {

    private static final int PER = 32 * 32;

    private final TensorDataset data = TensorDataset.prepare(
            Datasets.load("synthetic", null).limit(70, 10, 1).train(), Datasets.load("synthetic", null).transforms());

    private float[] sample(int position) {
        float[] out = new float[PER];
        data.copySample(position, out, 0);
        return out;
    }

    /** Grey samples are expanded to the model's 3 channels; labels and positions follow the batch order. */
    @Test
    void plainBatchesHoldTheSamplesInOrder() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            List<Batch> batches = Loader.plain(data, 32).toList(m, 0);
            assertThat(batches).extracting(Batch::size).containsExactly(32, 32, 6);
            Batch last = batches.get(2);
            assertThat(last.x().getShape().getShape()).containsExactly(6, 3, 32, 32);
            assertThat(last.positions()).containsExactly(64, 65, 66, 67, 68, 69);
            float[] x = last.x().toFloatArray();
            for (int ch = 0; ch < 3; ch++) {
                assertThat(Arrays.copyOfRange(x, (5 * 3 + ch) * PER, (5 * 3 + ch + 1) * PER)).containsExactly(sample(69));
            }
            assertThat(last.y().toLongArray()[5]).isEqualTo(data.label(69));
        }
    }

    /** Flip augmentation leaves each sample either as it is or mirrored left-right, reproducibly per seed. */
    @Test
    void flipAugmentationMirrorsSamplesReproducibly() {
        Loader loader = new Loader(data, 16, true, true, 9);
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Batch b = loader.epoch(m, 2).iterator().next();
            Batch again = loader.epoch(m, 2).iterator().next();
            assertThat(again.positions()).containsExactly(b.positions());
            assertThat(again.x().toFloatArray()).containsExactly(b.x().toFloatArray());
            float[] x = b.x().toFloatArray();
            int flipped = 0;
            for (int k = 0; k < b.size(); k++) {
                float[] got = Arrays.copyOfRange(x, k * 3 * PER, k * 3 * PER + PER);
                float[] original = sample(b.positions()[k]);
                float[] mirrored = original.clone();
                ImageTransforms.flipHorizontal(mirrored, 0, 1, 32);
                assertThat(Arrays.equals(got, original) || Arrays.equals(got, mirrored)).as("sample %d", k).isTrue();
                flipped += Arrays.equals(got, original) ? 0 : 1;
            }
            assertThat(flipped).as("some but not all samples flipped").isBetween(1, b.size() - 1);
        }
    }
}
