package io.deepunlearn.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.checkpoint.CheckpointIO;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.train.Losses;
import io.deepunlearn.core.train.Sgd;
import io.deepunlearn.core.train.Trainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * TinyViT-11M. One 10-class 32 px network is shared by the read-only checks (building 11 M parameters is the
 * slow part); tests that change weights work on a copy.
 */
@Tag("slow") // not in the fast tier (-Pfast): builds and trains 11 M-parameter networks
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TinyVitTest {

    private NDManager manager;
    private Network net;

    @BeforeAll
    void build() {
        manager = Engines.pytorch().newBaseManager();
        net = Architectures.create(new ModelSpec("tiny-vit", 10, 3, 32), manager.newSubManager(), 0);
    }

    @AfterAll
    void close() {
        manager.close();
    }

    /**
     * Hand count (Conv2d_BN(a, b, k, groups g) = a/g·b·k² + 2b; buffers excluded):
     * <pre>
     * patch_embed  (3·32·9 + 64) + (32·64·9 + 128)                                  =     19,488
     * MBConv(64)   conv1 64·256+512, conv2 256·9+512, conv3 256·64+128 = 36,224; ×2 =     72,448
     * PatchMerging(d, o) = d·o + o² + 15·o: 64→128 26,496; 128→256 102,144; 256→448 322,112 = 450,752
     * TinyViTBlock(C, h, w) = attn.norm 2C + qkv 3C²+3C + proj C²+C + biases h·w² + local_conv 11C
     *                         + mlp.norm 2C + fc1 4C²+4C + fc2 4C²+C = 12C² + 24C + h·w²
     *   C=128,h=4,w=7: 199,876 ×2 = 399,752;  C=256,h=8,w=14: 794,144 ×6 = 4,764,864;
     *   C=448,h=14,w=7: 2,419,886 ×2 = 4,839,772                                   = 10,004,388
     * norm_head 896 + head 448·K + K
     * </pre>
     * K = 1000: 10,996,972 (the model card's "11M"); K = 10: 10,552,462.
     */
    @Test
    void parameterCountMatchesTheHandDerivedFormula() {
        assertThat(net.parameterCount()).isEqualTo(10_552_462L);
        try (NDManager m = manager.newSubManager()) {
            Network imagenet = Architectures.create(new ModelSpec("tiny-vit", 1000, 3, 224), m, 0);
            assertThat(imagenet.parameterCount()).isEqualTo(10_996_972L);
        }
    }

    @Test
    void namesAndShapesFollowTheReferenceStateDict() {
        assertThat(net.tensors()).containsKeys(
                "patch_embed.seq.0.c.weight", "patch_embed.seq.0.bn.running_var", "patch_embed.seq.2.bn.weight",
                "layers.0.blocks.1.conv1.c.weight", "layers.0.blocks.0.conv2.bn.bias", "layers.0.blocks.0.conv3.bn.weight",
                "layers.0.downsample.conv1.c.weight", "layers.0.downsample.conv2.bn.running_mean",
                "layers.0.downsample.conv3.c.weight",
                "layers.1.blocks.0.attn.norm.weight", "layers.1.blocks.1.attn.qkv.bias", "layers.2.blocks.5.attn.proj.weight",
                "layers.3.blocks.1.attn.attention_biases", "layers.2.blocks.3.local_conv.c.weight",
                "layers.2.blocks.3.local_conv.bn.running_mean", "layers.3.blocks.0.mlp.norm.bias",
                "layers.3.blocks.0.mlp.fc1.weight", "layers.1.blocks.0.mlp.fc2.bias", "layers.2.downsample.conv3.bn.bias",
                "norm_head.weight", "norm_head.bias", "head.weight", "head.bias");
        assertThat(net.tensors().keySet()).noneMatch(k -> k.startsWith("layers.3.downsample"));
        assertThat(net.param("patch_embed.seq.0.c.weight").shape()).isEqualTo(new Shape(32, 3, 3, 3));
        assertThat(net.param("layers.0.blocks.0.conv2.c.weight").shape()).isEqualTo(new Shape(256, 1, 3, 3));
        assertThat(net.param("layers.2.downsample.conv2.c.weight").shape()).isEqualTo(new Shape(448, 1, 3, 3));
        assertThat(net.param("layers.2.blocks.0.attn.qkv.weight").shape()).isEqualTo(new Shape(768, 256));
        assertThat(net.param("layers.2.blocks.0.attn.attention_biases").shape()).isEqualTo(new Shape(8, 196));
        assertThat(net.param("layers.3.blocks.0.attn.attention_biases").shape()).isEqualTo(new Shape(14, 49));
        assertThat(net.param("layers.3.blocks.1.mlp.fc1.weight").shape()).isEqualTo(new Shape(1792, 448));
        assertThat(net.param("head.weight").shape()).isEqualTo(new Shape(10, 448));
        assertThat(net.blocks()).containsExactly("layers.1", "layers.2", "layers.3");
        assertThat(net.classifier()).isEqualTo("head");
        assertThat(net.layersUnder("layers.1")).extracting(Layer::prefix)
                .contains("layers.1.blocks.1.attn", "layers.1.downsample.conv3.bn")
                .noneMatch(p -> p.startsWith("layers.2"));
        assertThat(net.layer("layers.1.blocks.0.attn")).isInstanceOf(WindowAttention.class);
        // the padded (reference-parity) variant has exactly the same tensors
        try (NDManager m = manager.newSubManager()) {
            Network padded = Architectures.create(new ModelSpec("tiny-vit-padded", 10, 3, 32), m, 0);
            assertThat(padded.tensors().keySet()).containsExactlyElementsOf(net.tensors().keySet());
        }
    }

    @Test
    void initialisationFollowsTinyVit() {
        float[] qkv = net.param("layers.2.blocks.0.attn.qkv.weight").value().toFloatArray();
        assertThat(std(qkv)).isCloseTo(0.02, offset(0.001));
        assertThat(net.param("layers.2.blocks.0.attn.qkv.bias").value().toFloatArray()).containsOnly(0f);
        assertThat(net.param("head.bias").value().toFloatArray()).containsOnly(0f);
        assertThat(net.param("layers.1.blocks.0.mlp.norm.weight").value().toFloatArray()).containsOnly(1f);
        assertThat(net.param("layers.1.blocks.0.attn.attention_biases").value().toFloatArray()).containsOnly(0f);
        // MBConv's last BN starts at 0 (bn_weight_init=0.0), every other BN at 1
        assertThat(net.param("layers.0.blocks.1.conv3.bn.weight").value().toFloatArray()).containsOnly(0f);
        assertThat(net.param("layers.0.blocks.1.conv2.bn.weight").value().toFloatArray()).containsOnly(1f);
        assertThat(net.param("layers.1.blocks.0.local_conv.bn.weight").value().toFloatArray()).containsOnly(1f);
        // convs keep PyTorch's default U(-1/sqrt(fan_in), 1/sqrt(fan_in)); a depthwise 3x3 has fan_in 9
        float[] dw = net.param("layers.2.blocks.0.local_conv.c.weight").value().toFloatArray();
        assertThat(max(dw)).isLessThanOrEqualTo(1f / 3).isGreaterThan(0.3f);
    }

    @Test
    void forwardShapesAt32And64Pixels() {
        try (NDManager m = manager.newSubManager()) {
            assertThat(net.forward(m.randomNormal(new Shape(2, 3, 32, 32)), false).getShape()).isEqualTo(new Shape(2, 10));
            // 64 px: stage 1 is 8x8, zero-padded to 14x14 = four 7x7 windows; stages 2-3 are clipped to 4 and 2
            Network net64 = Architectures.create(new ModelSpec("tiny-vit", 7, 1, 64), m, 0);
            NDArray out = net64.forward(m.randomNormal(new Shape(3, 1, 64, 64)), true);
            assertThat(out.getShape()).isEqualTo(new Shape(3, 7));
            assertThat(out.isNaN().any().getBoolean()).isFalse();
        }
    }

    @Test
    void dropPathAndBatchStatisticsActOnlyInTrainMode() {
        assertThat(((TinyVit) net).dropPathProbabilities()).hasSize(12)
                .containsExactly(new double[] {0, 0.1 / 11, 0.2 / 11, 0.3 / 11, 0.4 / 11, 0.5 / 11, 0.6 / 11,
                        0.7 / 11, 0.8 / 11, 0.9 / 11, 1.0 / 11, 0.1}, offset(1e-12));
        try (NDManager m = manager.newSubManager(); Network copy = net.copy()) {
            NDArray x = m.randomNormal(new Shape(4, 3, 32, 32));
            Param runningMean = copy.param("layers.1.blocks.0.local_conv.bn.running_mean");
            float[] before = runningMean.value().toFloatArray();
            float[] eval1 = copy.forward(x, false).toFloatArray();
            float[] eval2 = copy.forward(x, false).toFloatArray();
            assertThat(eval1).containsExactly(eval2);
            assertThat(runningMean.value().toFloatArray()).containsExactly(before);

            Engine.getInstance().setRandomSeed(11);
            float[] trainA = copy.forward(x, true).toFloatArray();
            assertThat(runningMean.value().toFloatArray()).isNotEqualTo(before);
            Engine.getInstance().setRandomSeed(11);
            float[] trainSameDraws = copy.forward(x, true).toFloatArray();
            Engine.getInstance().setRandomSeed(12);
            float[] trainOtherDraws = copy.forward(x, true).toFloatArray();
            assertThat(trainSameDraws).containsExactly(trainA);
            assertThat(trainOtherDraws).isNotEqualTo(trainA);
        }
    }

    @Test
    void dropPathZeroesWholeSamplesAndRescalesTheRest() {
        try (NDManager m = manager.newSubManager()) {
            DropPath dropPath = new DropPath(0.5);
            NDArray x = m.ones(new Shape(400, 2, 3));
            assertThat(dropPath.apply(x, false)).isSameAs(x);
            float[] y = dropPath.apply(x, true).toFloatArray();
            int kept = 0;
            for (int sample = 0; sample < 400; sample++) {
                float first = y[sample * 6];
                assertThat(first).isIn(0f, 2f);
                for (int i = 1; i < 6; i++) {
                    assertThat(y[sample * 6 + i]).isEqualTo(first);
                }
                kept += first > 0 ? 1 : 0;
            }
            assertThat(kept).isBetween(140, 260);
            assertThatThrownBy(() -> new DropPath(1.0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** The reference numbers offsets by first appearance over all point pairs of the full window. */
    @Test
    void biasIndicesMatchTheReferenceOffsetNumbering() {
        int window = 7;
        Map<List<Integer>, Integer> firstSeen = new LinkedHashMap<>();
        for (int p1 = 0; p1 < window * window; p1++) {
            for (int p2 = 0; p2 < window * window; p2++) {
                firstSeen.putIfAbsent(List.of(Math.abs(p1 / window - p2 / window), Math.abs(p1 % window - p2 % window)),
                        firstSeen.size());
            }
        }
        assertThat(firstSeen).hasSize(49);
        for (int side : new int[] {window, 3, 1}) {
            long[] idx = WindowAttention.biasIndices(side, window);
            assertThat(idx).hasSize(side * side * side * side);
            int n = side * side;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    List<Integer> offset = List.of(Math.abs(i / side - j / side), Math.abs(i % side - j % side));
                    assertThat(idx[i * n + j]).as("side %d pair (%d,%d)", side, i, j).isEqualTo((long) firstSeen.get(offset));
                }
            }
        }
        assertThatThrownBy(() -> WindowAttention.biasIndices(8, 7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkpointRoundTripGivesIdenticalOutputs() {
        try (NDManager m = manager.newSubManager(); Network trained = net.copy()) {
            // leave the init (zero BN weights and biases) so every tensor carries information
            trained.forward(m.randomNormal(new Shape(4, 3, 32, 32)), true);
            for (String name : List.of("layers.0.blocks.0.conv3.bn.weight", "layers.2.blocks.1.attn.attention_biases")) {
                Param p = trained.param(name);
                p.set(m.randomNormal(p.shape()));
            }
            byte[] bytes = CheckpointIO.toBytes(trained, Map.of("test", "tiny-vit"));
            Network restored = CheckpointIO.fromBytes(bytes, null, "memory").toNetwork(m.newSubManager());
            NDArray x = m.randomNormal(new Shape(3, 3, 32, 32));
            assertThat(restored.forward(x, false).toFloatArray()).containsExactly(trained.forward(x, false).toFloatArray());
            assertThat(restored.param("layers.2.blocks.1.attn.attention_biases").value().toFloatArray())
                    .containsExactly(trained.param("layers.2.blocks.1.attn.attention_biases").value().toFloatArray());
        }
    }

    @Test
    void oneSgdStepOnEightImagesLowersTheLoss() {
        try (NDManager m = manager.newSubManager(); Network student = net.copy()) {
            Engine.getInstance().setRandomSeed(3);
            NDArray x = m.randomNormal(new Shape(8, 3, 32, 32));
            NDArray y = m.randomInteger(0, 10, new Shape(8), DataType.INT64);
            Batch batch = new Batch(x, y, new int[8]);
            Sgd sgd = new Sgd(student.parameters(), 0.05, 0.9, 5e-4);
            // the same seed before each forward gives the same drop-path draws, so only the weights differ
            Engine.getInstance().setRandomSeed(21);
            double before = Trainer.step(sgd, b -> Losses.crossEntropy(student.forward(b.x(), true), b.y()), batch);
            Engine.getInstance().setRandomSeed(21);
            double after = Losses.crossEntropy(student.forward(x, true), y).getFloat();
            assertThat(after).isLessThan(before - 0.01);
        }
    }

    private static double std(float[] v) {
        double mean = 0;
        for (float f : v) {
            mean += f;
        }
        mean /= v.length;
        double var = 0;
        for (float f : v) {
            var += (f - mean) * (f - mean);
        }
        return Math.sqrt(var / v.length);
    }

    private static float max(float[] v) {
        float m = Float.NEGATIVE_INFINITY;
        for (float f : v) {
            m = Math.max(m, f);
        }
        return m;
    }
}
