package io.deepunlearn.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
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
        assertThat(c.relative()).extracting(RelativeMetric::name).containsExactly("rr", "fr", "tr", "ret_dev", "rte",
                "ret_dev_per_seed_mean", "ret_dev_per_seed_se", "forget_specific_change");
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

    @Test
    void perSeedRetDevAndForgetSpecificChangeOnHandMadeNumbers() {
        // seed 0: method (RA, FA, TA) = (0.9, 0.8, 0.8) vs Retrain (0.9, 0.5, 0.8): RetDev 0.6
        // seed 1: method (0.9, 0.4, 0.8) vs Retrain (0.9, 0.5, 0.8): RetDev 0.2; seed 2: no Retrain run
        RelativeMetric.Aggregate method = perSeed(Map.of(0, acc(0.9, 0.8, 0.8), 1, acc(0.9, 0.4, 0.8),
                2, acc(0.9, 0.4, 0.8)));
        RelativeMetric.Aggregate retrain = perSeed(Map.of(0, acc(0.9, 0.5, 0.8), 1, acc(0.9, 0.5, 0.8)));
        // Original per seed: (FA, TA) = (1.0, 0.9) and (0.9, 0.85); seed 2 (1.0, 1.0)
        RelativeMetric.Aggregate original = perSeed(Map.of(0, acc(1.0, 1.0, 0.9), 1, acc(1.0, 0.9, 0.85),
                2, acc(1.0, 1.0, 1.0)));
        assertThat(new PerSeedRetentionDeviation(false).compute(method, retrain)).isCloseTo(0.4, within(1e-12));
        // sd of {0.6, 0.2} = 0.2828..., SE = sd / sqrt(2) = 0.2
        assertThat(new PerSeedRetentionDeviation(true).compute(method, retrain)).isCloseTo(0.2, within(1e-12));
        assertThat(new PerSeedRetentionDeviation(true).compute(perSeed(Map.of(0, acc(0.9, 0.8, 0.8))), retrain))
                .as("one seed says nothing about seed noise").isNull();
        // (0.8-1.0)-(0.8-0.9) = -0.1; (0.4-0.9)-(0.8-0.85) = -0.45; (0.4-1.0)-(0.8-1.0) = -0.4; mean -0.95/3
        assertThat(new ForgetSpecificChange().compute(method, retrain, original)).isCloseTo(-0.95 / 3, within(1e-12));
        assertThat(new ForgetSpecificChange().compute(method, retrain, null)).isNull();
        MetricValues rel = MetricCatalogue.standard().relativeTo(method, retrain, original);
        assertThat(rel.get("ret_dev_per_seed_mean")).isCloseTo(0.4, within(1e-12));
        assertThat(rel.get("forget_specific_change")).isCloseTo(-0.95 / 3, within(1e-12));
    }

    private static MetricValues acc(double ra, double fa, double ta) {
        return MetricValues.of(Map.of("retain_accuracy", ra, "forget_accuracy", fa, "test_accuracy", ta));
    }

    private static RelativeMetric.Aggregate perSeed(Map<Integer, MetricValues> bySeed) {
        return new RelativeMetric.Aggregate(MetricValues.empty(), 1.0, true, bySeed);
    }
}
