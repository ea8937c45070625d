package io.deepunlearn.core.ulira;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SplitObservationsTest {

    @Test
    void bytesRoundTripExactly() {
        Map<String, double[][]> logit = new LinkedHashMap<>();
        Map<String, double[][]> correct = new LinkedHashMap<>();
        logit.put("FT", new double[][] {{-1.5, 0.1 + 0.2, Double.MAX_VALUE}, {3, -0.0, 1e-300}});
        correct.put("FT", new double[][] {{0, 1, 1}, {1, 0, 0}});
        logit.put("Retrain", new double[][] {{2, 2, 2}, {-2, -2, -2}});
        correct.put("Retrain", new double[][] {{1, 1, 1}, {0, 0, 0}});
        SplitObservations o = new SplitObservations(4, 40, new int[] {7, 3, 11}, logit, correct,
                Map.of("FT", 1.25, "Retrain", 0.0), Map.of("GA", "split 4 forget set 1: boom"), 3, 1, 9.5);

        SplitObservations back = SplitObservations.fromBytes(o.toBytes());

        assertThat(back.split()).isEqualTo(4);
        assertThat(back.poolSize()).isEqualTo(40);
        assertThat(back.devSampleIds()).containsExactly(7, 3, 11);
        assertThat(back.logit().keySet()).containsExactly("FT", "Retrain");
        assertThat(back.logit().get("FT")).isDeepEqualTo(logit.get("FT"));
        assertThat(back.correct().get("FT")).isDeepEqualTo(correct.get("FT"));
        assertThat(back.logit().get("Retrain")).isDeepEqualTo(logit.get("Retrain"));
        assertThat(back.seconds()).containsEntry("FT", 1.25);
        assertThat(back.errors()).containsExactly(Map.entry("GA", "split 4 forget set 1: boom"));
        assertThat(List.of(back.shadowModelsTrained(), back.shadowModelsReused())).containsExactly(3, 1);
        assertThat(back.trainingSeconds()).isEqualTo(9.5);
    }

    @Test
    void aFailedSplitFailsEveryMethodWithItsReason() {
        SplitObservations o = SplitObservations.failed(2, List.of("FT", "Original"), "given up");
        assertThat(o.errors()).containsEntry("FT", "split 2: given up").containsEntry("Original", "split 2: given up");
        assertThat(o.logit()).isEmpty();
    }
}
