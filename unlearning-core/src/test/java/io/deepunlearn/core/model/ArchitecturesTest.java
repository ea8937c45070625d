package io.deepunlearn.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.engine.Engines;
import org.junit.jupiter.api.Test;

class ArchitecturesTest {

    @Test
    void engineLoadsOfflineFromTheBundledNativeJar() {
        assertThat(Engines.describe()).startsWith("PyTorch 2.7.1");
        assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    }

    @Test
    void resnet18HasTorchvisionParameterCountsAndNames() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Network imagenet = Architectures.create(new ModelSpec("resnet18", 1000, 3, 224), m.newSubManager(), 0);
            assertThat(imagenet.parameterCount()).isEqualTo(11_689_512L);
            Network cifar = Architectures.create(new ModelSpec("resnet18", 10, 3, 32), m.newSubManager(), 0);
            assertThat(cifar.parameterCount()).isEqualTo(11_181_642L);
            assertThat(cifar.tensors()).containsKeys("conv1.weight", "bn1.running_mean", "layer1.0.bn1.weight",
                    "layer2.0.downsample.0.weight", "layer2.0.downsample.1.running_var", "layer4.1.conv2.weight",
                    "fc.weight", "fc.bias");
            assertThat(cifar.parameters()).hasSize(62);
            assertThat(cifar.param("layer3.0.conv1.weight").shape()).isEqualTo(new Shape(256, 128, 3, 3));
            assertThat(cifar.blocks()).containsExactly("layer1", "layer2", "layer3", "layer4");
            NDArray out = cifar.forward(m.randomNormal(new Shape(2, 3, 32, 32)), false);
            assertThat(out.getShape()).isEqualTo(new Shape(2, 10));
        }
    }

    @Test
    void smallCnnForwardsAndIsSeeded() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            ModelSpec spec = new ModelSpec("small-cnn", 10, 3, 32);
            Network a = Architectures.create(spec, m.newSubManager(), 3);
            Network b = Architectures.create(spec, m.newSubManager(), 3);
            Network c = Architectures.create(spec, m.newSubManager(), 4);
            assertThat(a.param("block2.conv.weight").value().toFloatArray())
                    .containsExactly(b.param("block2.conv.weight").value().toFloatArray());
            assertThat(a.param("block2.conv.weight").value().toFloatArray())
                    .isNotEqualTo(c.param("block2.conv.weight").value().toFloatArray());
            NDArray out = a.forward(m.randomNormal(new Shape(4, 3, 32, 32)), true);
            assertThat(out.getShape()).isEqualTo(new Shape(4, 10));
            assertThat(a.layersOfType(Conv2d.class)).hasSize(3);
        }
    }

    @Test
    void copiesAreIndependentOfTheOriginal() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            Network a = Architectures.create(new ModelSpec("small-cnn", 10, 3, 32), m.newSubManager(), 1);
            Network b = a.copy();
            float before = b.param("fc.weight").value().toFloatArray()[0];
            a.param("fc.weight").value().addi(1f);
            a.forward(m.randomNormal(new Shape(4, 3, 32, 32)), true);
            assertThat(b.param("fc.weight").value().toFloatArray()[0]).isEqualTo(before);
            assertThat(b.param("block1.bn.running_mean").value().toFloatArray())
                    .containsOnly(0f);
        }
    }

    @Test
    void batchNormUpdatesRunningStatsOnlyInTrainMode() {
        try (NDManager m = Engines.pytorch().newBaseManager()) {
            BatchNorm2d bn = new BatchNorm2d(m, "bn", 2);
            NDArray x = m.create(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, new Shape(2, 2, 1, 2));
            bn.forward(x, false);
            assertThat(bn.runningMean().value().toFloatArray()).containsExactly(0f, 0f);
            bn.forward(x, true);
            // channel 0 holds {1,2,5,6} (mean 3.5), channel 1 {3,4,7,8} (mean 5.5); PyTorch momentum 0.1
            assertThat(bn.runningMean().value().toFloatArray()[0]).isCloseTo(0.35f, org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(bn.runningMean().value().toFloatArray()[1]).isCloseTo(0.55f, org.assertj.core.data.Offset.offset(1e-6f));
            // unbiased batch variance of {1,2,5,6} = 17/3; 0.9*1 + 0.1*17/3
            assertThat(bn.runningVar().value().toFloatArray()[0]).isCloseTo(0.9f + 1.7f / 3, org.assertj.core.data.Offset.offset(1e-5f));
        }
    }
}
