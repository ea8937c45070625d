package io.deepunlearn.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.bench.ExperimentData;
import io.deepunlearn.core.data.Datasets;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.method.Methods;
import io.deepunlearn.core.method.UnlearningContext;
import io.deepunlearn.core.method.UnlearningMethod;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.ProgressListener;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A method, an architecture and a dataset from outside the core (src/test/java/.../spi/fixture, registered in
 * src/test/spi-fixture/META-INF/services) are listed after the built-ins and usable through the ordinary static
 * registries, as a user's jar on the class path would be. The fixture folder is on the class path only in
 * unlearning-core's "extension-points" surefire execution, so the other tests see the built-ins alone.
 */
class ExtensionPointsTest {

    @BeforeAll
    static void requireFixture() {
        assumeTrue(Boolean.getBoolean("deepunlearn.spi.fixture"), "runs in unlearning-core's 'extension-points' "
                + "surefire execution, which puts src/test/spi-fixture (the META-INF/services entries) on the class path");
    }

    @Test
    void aMethodFromAnotherJarIsListedAfterTheBuiltinsAndRuns() {
        List<String> names = Methods.names();
        assertThat(names).hasSize(19).endsWith("TEST-NOOP");
        assertThat(names.subList(0, 3)).containsExactly("FT", "GA", "SRL");
        assertThat(names.get(17)).isEqualTo("RNI");
        UnlearningMethod noop = Methods.get("test-noop");
        assertThat(Methods.get("test_noop")).isSameAs(noop);
        assertThat(Methods.parseList("all")).contains(noop);

        ExperimentData data = ExperimentData.load("test-tiny", null, null, null);
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            Network net = Architectures.create(data.spec("test-linear"), manager.newSubManager(), 0);
            Network out = noop.unlearn(new UnlearningContext(net, data.data(), 0, ProgressListener.NONE), noop.defaults());
            assertThat(out).isSameAs(net);
        }
    }

    @Test
    void anArchitectureFromAnotherJarIsBuiltByName() {
        assertThat(Architectures.names()).startsWith("small-cnn", "resnet18").endsWith("test-linear");
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            Network net = Architectures.create(new ModelSpec("test-linear", 3, 3, 8), manager.newSubManager(), 1);
            assertThat(net.tensors()).containsOnlyKeys("fc.weight", "fc.bias");
            NDArray logits = net.forward(manager.ones(new ai.djl.ndarray.types.Shape(2, 3, 8, 8)), false);
            assertThat(logits.getShape().getShape()).containsExactly(2, 3);
            Network copy = net.copy(); // copies go through the registry too
            assertThat(copy.param("fc.weight").value().toFloatArray()).containsExactly(net.param("fc.weight").value().toFloatArray());
        }
    }

    @Test
    void aDatasetFromAnotherJarIsLoadedByName() {
        assertThat(Datasets.names()).startsWith("fashion-mnist").endsWith("test-tiny");
        assertThat(Datasets.isKnown("test-tiny")).isTrue();
        ExperimentData data = ExperimentData.load("test-tiny", null, null, null);
        assertThat(data.numClasses()).isEqualTo(3);
        assertThat(data.pool().size()).isEqualTo(60);
        assertThat(data.test().size()).isEqualTo(20);
    }
}
