package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.ProgressListener;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every group-B method runs on the torchvision-exact ResNet-18 (the other shipped architecture besides the
 * small CNN the per-method tests use): 8 samples of 32x32 per split, batch 8, so each phase is one step.
 */
class GroupBMethodsOnResNet18Test {

    private static Network original;
    private static UnlearningData tiny;

    @BeforeAll
    static void setUp() {
        MethodFixture f = MethodFixture.shared();
        original = Architectures.create(new ModelSpec("resnet18", 4, 3, 32), f.manager.newSubManager(), 0);
        int[] eight = IntStream.range(0, 8).toArray();
        tiny = new UnlearningData(first8(f.retain, eight), first8(f.forget, eight), first8(f.val, eight));
    }

    @AfterAll
    static void tearDown() {
        original.close();
    }

    private static TensorDataset first8(TensorDataset d, int[] eight) {
        return d.subset(eight);
    }

    static Stream<Arguments> oneStepRuns() {
        return Stream.of(
                Arguments.of("CF-k", Map.of("num_epochs", 1, "k", 1)),
                Arguments.of("EU-k", Map.of("num_epochs", 1, "k", 2)),
                Arguments.of("FCS", Map.of("num_epochs", 1)),
                Arguments.of("MSG", Map.of("num_epochs", 1)),
                Arguments.of("CFW", Map.of("num_epochs", 2)),
                Arguments.of("PRMQ", Map.of("num_epochs", 0.0)),
                Arguments.of("CT", Map.of("num_epochs", 1)),
                Arguments.of("KDE", Map.of("num_epochs", 1, "retain_num_epochs", 1)),
                Arguments.of("RNI", Map.of("num_epochs", 2, "num_fine_epochs", 1, "num_reset_epochs", 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneStepRuns")
    void runsOnResNet18(String method, Map<String, Object> overrides) {
        UnlearningMethod m = Methods.get(method);
        HyperParameters hp = m.defaults().withAll(overrides).with("batch_size", 8);
        UnlearningContext ctx = new UnlearningContext(original.copy(), tiny, 0, ProgressListener.NONE);
        TensorSnapshot before = TensorSnapshot.of(ctx.model());
        try (Network out = m.unlearn(ctx, hp)) {
            assertThat(before.changedIn(out)).isNotEmpty();
            for (String name : before.names()) {
                assertThat(FloatStats.maxAbs(out.param(name).value().toFloatArray())).as(name).isFinite();
            }
        }
    }
}
