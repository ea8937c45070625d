package io.deepunlearn.core.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.deepunlearn.core.method.SearchSpace;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParameterEncodingTest {

    private final ParameterEncoding enc = new ParameterEncoding(SearchSpace.generic(10).uniform("alpha", 0, 1));

    @Test
    void fixedDimensionsTakeNoCoordinate() {
        assertThat(enc.size()).isEqualTo(5);
        assertThat(enc.names()).containsExactly("optimizer.learning_rate", "optimizer.weight_decay", "batch_size",
                "num_epochs", "alpha");
        assertThat(enc.decode(new double[5]).get("optimizer.momentum")).isEqualTo(0.9);
    }

    @Test
    void mapsTheCubeCornersToTheBounds() {
        Map<String, Object> low = enc.decode(new double[] {0, 0, 0, 0, 0});
        Map<String, Object> high = enc.decode(new double[] {1, 1, 1, 1, 1});
        assertThat((double) low.get("optimizer.learning_rate")).isCloseTo(1e-5, within(1e-12));
        assertThat((double) high.get("optimizer.learning_rate")).isCloseTo(1e-1, within(1e-12));
        assertThat(low.get("batch_size")).isEqualTo(64);
        assertThat(high.get("batch_size")).isEqualTo(256);
        assertThat(low.get("num_epochs")).isEqualTo(1);
        assertThat(high.get("num_epochs")).isEqualTo(10);
        assertThat(enc.decode(new double[] {-3, 7, 0.5, 0.5, 2}).get("alpha")).as("clamped").isEqualTo(1.0);
    }

    @Test
    void logDimensionsGiveEachDecadeEqualMassAndIntegersEqualBins() {
        assertThat((double) enc.decode(new double[] {0.5, 0, 0, 0, 0}).get("optimizer.learning_rate"))
                .isCloseTo(1e-3, within(1e-12));
        Map<Object, Integer> epochs = new HashMap<>();
        Map<Object, Integer> batches = new HashMap<>();
        int n = 3000;
        for (int i = 0; i < n; i++) {
            double u = (i + 0.5) / n;
            Map<String, Object> v = enc.decode(new double[] {0, 0, u, u, 0});
            epochs.merge(v.get("num_epochs"), 1, Integer::sum);
            batches.merge(v.get("batch_size"), 1, Integer::sum);
        }
        assertThat(epochs).hasSize(10).allSatisfy((k, c) -> assertThat(c).isEqualTo(300));
        assertThat(batches).containsOnlyKeys(64, 128, 256).allSatisfy((k, c) -> assertThat(c).isEqualTo(1000));
    }

    @Test
    void nsga3PopulationFollowsTheBudget() {
        assertThat(Nsga3Sampler.population(1)).isEqualTo(4);
        assertThat(Nsga3Sampler.population(2)).isEqualTo(12);
        assertThat(Nsga3Sampler.population(3)).isEqualTo(20);
        assertThat(Nsga3Sampler.population(Nsga3Sampler.divisions(10))).isEqualTo(4);
        assertThat(Nsga3Sampler.population(Nsga3Sampler.divisions(30))).isEqualTo(12);
        assertThat(Nsga3Sampler.population(Nsga3Sampler.divisions(100))).isEqualTo(36);
    }
}
