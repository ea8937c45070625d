package io.deepunlearn.core.method;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.metric.Evaluator;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import io.deepunlearn.core.train.ProgressListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/** Small measurements shared by the method tests. */
final class MethodAssertions {

    private MethodAssertions() {
    }

    /**
     * A context like {@link MethodFixture#context()} but with D_r cut to its first {@code n} samples, for methods
     * whose cost grows per retain sample (FF: C backward passes each; IU: one batch-1 pass each).
     */
    static UnlearningContext contextWithRetain(MethodFixture f, int n) {
        TensorDataset retain = f.retain.subset(IntStream.range(0, n).toArray());
        return new UnlearningContext(f.original.copy(), new UnlearningData(retain, f.forget, f.val), 0,
                ProgressListener.NONE);
    }

    /** Mean per-sample cross-entropy in eval mode. */
    static double meanLoss(Network net, TensorDataset data) {
        double[] losses = Evaluator.predict(net, data).losses();
        double s = 0;
        for (double l : losses) {
            s += l;
        }
        return s / losses.length;
    }

    /** Every trainable parameter's values (no buffers). */
    static Map<String, float[]> parameters(Network net) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Param p : net.parameters()) {
            out.put(p.name(), p.value().toFloatArray());
        }
        return out;
    }

    /** Every buffer's values (BN running statistics). */
    static Map<String, float[]> buffers(Network net) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Param p : net.tensors().values()) {
            if (p.isBuffer()) {
                out.put(p.name(), p.value().toFloatArray());
            }
        }
        return out;
    }

    /** Asserts both maps hold the same names with bit-identical values. */
    static void assertSameValues(Map<String, float[]> actual, Map<String, float[]> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            assertThat(actual.get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
        }
    }

    /** Asserts that the reference's search-space keys can all be applied to the defaults. */
    static void searchSpaceKeysAreHyperparameters(UnlearningMethod m) {
        HyperParameters d = m.defaults();
        for (SearchSpace.Dimension dim : m.searchSpace(10).dimensions()) {
            assertThat(d.has(dim.name())).as(m.name() + " search key " + dim.name()).isTrue();
        }
    }

    static SearchSpace.Dimension dimension(UnlearningMethod m, String name) {
        return m.searchSpace(10).dimensions().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(m.name() + " does not search " + name));
    }
}
