package io.deepunlearn.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricCatalogueTest {

    /** Random logits over two classes for {@code n} samples, labels alternating. */
    static Predictions predictions(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] logits = new float[2 * n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            logits[2 * i] = (float) rnd.nextGaussian();
            logits[2 * i + 1] = (float) rnd.nextGaussian();
        }
        return new Predictions(logits, labels, 2);
    }

    static ModelPredictions model(long seed) {
        return new ModelPredictions(predictions(60, seed), predictions(40, seed + 1), predictions(30, seed + 2),
                predictions(50, seed + 3));
    }

    @Test
    void listsEveryMetricInReportOrder() {
        MetricCatalogue c = MetricCatalogue.standard();
        assertThat(c.names()).containsExactly("retain_accuracy", "forget_accuracy", "val_accuracy", "test_accuracy",
                "mia", "val_mia", "indiscernibility");
        assertThat(c.relative()).extracting(RelativeMetric::name).containsExactly("rr", "fr", "tr", "ret_dev", "rte");
        assertThat(c.metrics()).extracting(Metric::label).doesNotHaveDuplicates().doesNotContainNull();
        assertThat(c.metrics()).extracting(Metric::description).allSatisfy(d -> assertThat(d).isNotBlank());
    }

    @Test
    void evaluatesEveryMetricAsTheBenchmarkDid() {
        ModelPredictions p = model(7);
        MetricValues v = MetricCatalogue.standard().evaluate(p);
        assertThat(v.asMap().keySet()).containsExactlyElementsOf(MetricCatalogue.standard().names());
        assertThat(v.get("retain_accuracy")).isEqualTo(p.on(ModelPredictions.Split.RETAIN).accuracy());
        assertThat(v.get("test_accuracy")).isEqualTo(p.on(ModelPredictions.Split.TEST).accuracy());
        double testMia = MembershipInference.forgetVsHeldOut(p.on(ModelPredictions.Split.FORGET).losses(),
                p.on(ModelPredictions.Split.TEST).losses(), UnlearningEvaluation.MIA_SEED).accuracy();
        double valMia = MembershipInference.forgetVsHeldOut(p.on(ModelPredictions.Split.FORGET).losses(),
                p.on(ModelPredictions.Split.VAL).losses(), UnlearningEvaluation.MIA_SEED).accuracy();
        assertThat(v.get("mia")).isEqualTo(testMia);
        assertThat(v.get("val_mia")).isEqualTo(valMia);
        assertThat(v.get("indiscernibility")).isEqualTo(UnlearningScores.indiscernibility(testMia));
    }

    @Test
    void accuraciesHavePerSampleValuesAndTheMiaIsPopulationLevel() {
        ModelPredictions p = model(3);
        Metric fa = MetricCatalogue.standard().metrics().get(1);
        MetricResult r = fa.compute(p);
        assertThat(r.perSample()).hasSize(40);
        double mean = java.util.Arrays.stream(r.perSample()).average().orElseThrow();
        assertThat(mean).isEqualTo(r.aggregate());
        assertThat(MetricCatalogue.standard().metrics().get(4).compute(p).hasPerSample()).isFalse();
    }

    @Test
    void refusesADuplicateName() {
        Metric again = new SplitAccuracy("mia", "X", ModelPredictions.Split.TEST, true);
        assertThatThrownBy(() -> MetricCatalogue.standard().with(again))
                .hasMessageContaining("metric 'mia' is registered twice");
    }
}
