package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.Conv2d;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConvolutionTransposeTest {

    @Test
    void transposesEveryResNetConvKernelAndNothingElse() {
        MethodFixture f = MethodFixture.shared();
        try (Network net = Architectures.create(new ModelSpec("resnet18", 4, 3, 32), f.manager.newSubManager(), 1)) {
            TensorSnapshot before = TensorSnapshot.of(net);
            ConvolutionTranspose.transposeConvKernels(net);
            Set<String> convWeights = net.layersOfType(Conv2d.class).stream().map(c -> c.weight().name())
                    .collect(Collectors.toSet());
            Set<String> oneByOne = Set.of("layer2.0.downsample.0.weight", "layer3.0.downsample.0.weight",
                    "layer4.0.downsample.0.weight");
            // 1x1 kernels are their own transpose; every other conv weight changes, no other tensor does
            assertThat(before.changedIn(net)).isEqualTo(convWeights.stream().filter(n -> !oneByOne.contains(n))
                    .collect(Collectors.toSet()));
            for (Conv2d c : net.layersOfType(Conv2d.class)) {
                assertTransposed(before.get(c.weight().name()), c.weight().value().toFloatArray(),
                        c.weight().shape().getShape());
            }
        }
    }

    @Test
    void unlearnTransposesBeforeFineTuning() {
        MethodFixture f = MethodFixture.shared();
        UnlearningMethod ct = Methods.get("CT");
        UnlearningContext ctx = f.context();
        TensorSnapshot before = TensorSnapshot.of(ctx.model());
        Network out = ct.unlearn(ctx, ct.defaults().with("num_epochs", "0"));
        assertTransposed(before.get("block2.conv.weight"), out.param("block2.conv.weight").value().toFloatArray(),
                out.param("block2.conv.weight").shape().getShape());
        assertThat(before.changedIn(out)).containsExactlyInAnyOrder("block1.conv.weight", "block2.conv.weight",
                "block3.conv.weight");
        out.close();
    }

    private static void assertTransposed(float[] before, float[] after, long[] shape) {
        int kh = (int) shape[2];
        int kw = (int) shape[3];
        float[] expected = new float[before.length];
        for (int p = 0; p < shape[0] * shape[1]; p++) {
            for (int a = 0; a < kh; a++) {
                for (int b = 0; b < kw; b++) {
                    expected[p * kh * kw + a * kw + b] = before[p * kh * kw + b * kh + a];
                }
            }
        }
        assertThat(after).isEqualTo(expected);
    }
}
