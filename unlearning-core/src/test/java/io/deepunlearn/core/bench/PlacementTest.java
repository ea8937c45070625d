package io.deepunlearn.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.deepunlearn.core.metric.MetricCatalogue;
import io.deepunlearn.core.metric.MetricValues;
import io.deepunlearn.core.metric.PerSeedRetentionDeviation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How {@link Aggregation} orders and labels the summary, on hand-made runs (every expected value is worked out in
 * the comments): rank groups first, Indisc only as a tie-breaker where the MIA detects a row, rows ranked after the
 * Original flagged, the noise floor placed but not ranked, and leave-one-seed-out ranks.
 */
class PlacementTest {

    private final List<RunResult> runs = new ArrayList<>();

    /** One method's runs on seeds 0, 1, 2: RA, FA, TA and Indisc per seed. */
    private void add(String method, double[] ra, double[] fa, double[] ta, double[] indisc) {
        for (int seed = 0; seed < ra.length; seed++) {
            Map<String, Double> m = new LinkedHashMap<>();
            m.put(MetricCatalogue.RETAIN_ACCURACY, ra[seed]);
            m.put(MetricCatalogue.FORGET_ACCURACY, fa[seed]);
            m.put(MetricCatalogue.TEST_ACCURACY, ta[seed]);
            m.put(MetricCatalogue.INDISCERNIBILITY, indisc[seed]);
            runs.add(new RunResult("d", "a", method, seed, "ok", null, MetricValues.of(m), 1.0, Map.of()));
        }
    }

    private static double[] all(double v) {
        return new double[] {v, v, v};
    }

    private static double[] seeds(double... v) {
        return v;
    }

    private static SummaryRow row(List<SummaryRow> rows, String method) {
        return rows.stream().filter(r -> r.method().equals(method)).findFirst().orElseThrow();
    }

    @Test
    void rankGroupsOrderTheTableAndIndiscBreaksTiesOnlyWhereTheMiaDetectsARow() {
        // Retrain: RA = FA = TA = 0.8 on every seed, so the noise floor's per-seed RetDev is 0 ± 0: group 1.
        // Its Indisc 0.96 / 0.98 / 0.97: mean 0.97, sd 0.01, SE 0.01 / sqrt(3) = 0.00577.
        add("Retrain", all(0.8), all(0.8), all(0.8), seeds(0.96, 0.98, 0.97));
        // per-seed RetDev = |FA / 0.8 - 1| while RA = TA = 0.8:
        // leaky 0.02, 0.05, 0.075: mean 0.04833, SE 0.01590 -> [0.0165, 0.0801] opens group 2; Indisc 0.90 is below
        // 0.97 - 2 * sqrt(0 + 0.00577^2) = 0.9585: the MIA detects it, so it goes after the undetected of its group
        add("leaky", all(0.8), seeds(0.816, 0.84, 0.86), all(0.8), all(0.90));
        // steady 0.05 x 3: [0.05, 0.05] overlaps leaky's: group 2; Indisc 0.97 +- 0.00577, not detected
        add("steady", all(0.8), all(0.84), all(0.8), seeds(0.97, 0.96, 0.98));
        // calm 0.05, 0.05, 0.06: mean 0.05333 -> group 2, after steady; a higher Indisc (0.975) does not lift it
        add("calm", all(0.8), seeds(0.84, 0.84, 0.848), all(0.8), all(0.975));
        // cancel 0.2, 0.2, 0.1: mean 0.16667, SE 0.03333 -> [0.1, 0.2333], group 3. Its seed means (FA 0.82667)
        // give RetDev of means 0.0333, better than steady's 0.05: the old order would have put it second.
        add("cancel", all(0.8), seeds(0.64, 0.96, 0.88), all(0.8), all(0.97));
        // Original: FA 1.0 -> 0.25 on every seed, group 4; Indisc 0.8: detected
        add("Original", all(0.8), all(1.0), all(0.8), all(0.8));
        // damage: RA = FA = TA = 0.6 -> 3 x 0.25 = 0.75, group 5, ranked after the Original
        add("damage", all(0.6), all(0.6), all(0.6), all(0.97));

        List<SummaryRow> rows = Aggregation.summary(runs, MetricCatalogue.standard());

        assertThat(rows).extracting(SummaryRow::method).containsExactly("Retrain", "Retrain-noise-floor", "steady",
                "calm", "leaky", "cancel", "Original", "damage");
        assertThat(rows).extracting(SummaryRow::rank).containsExactly(1, null, 2, 3, 4, 5, 6, 7);
        assertThat(rows).extracting(SummaryRow::methodRank).containsExactly(null, null, 1, 2, 3, 4, null, 5);
        assertThat(rows).extracting(SummaryRow::rankGroup).containsExactly(null, 1, 2, 2, 2, 3, 4, 5);
        assertThat(rows).extracting(r -> r.placement().miaDetects())
                .containsExactly(false, false, false, false, true, false, true, false);
        assertThat(rows).extracting(r -> r.placement().noBetterThanOriginal())
                .containsExactly(false, false, false, false, false, false, false, true);

        SummaryRow leaky = row(rows, "leaky");
        assertThat(leaky.value(PerSeedRetentionDeviation.MEAN)).isCloseTo((0.02 + 0.05 + 0.075) / 3, offset(1e-9));
        assertThat(leaky.value(PerSeedRetentionDeviation.SE)).isCloseTo(0.015899, offset(1e-6));
        assertThat(row(rows, "cancel").retDev()).as("RetDev of means").isCloseTo(0.82667 / 0.8 - 1, offset(1e-5));
        assertThat(row(rows, "cancel").retDev()).isLessThan(row(rows, "steady").retDev());
    }

    @Test
    void leaveOneSeedOutRecomputesThePlacementWithoutEachSeed() {
        // Retrain RA 0.8, FA 0.5, TA 0.8 on every seed: the floor's per-seed RetDev is 0 (group 1).
        add("Retrain", all(0.8), all(0.5), all(0.8), seeds(0.96, 0.98, 0.97));
        // per-seed RetDev = |RA / 0.8 - 1| while FA = 0.5 and TA = 0.8:
        // steady 0.2 on every seed; lucky 0.16, 0.16, 0.46 (mean 0.26, SE 0.1 -> [0.06, 0.46])
        add("steady", all(0.64), all(0.5), all(0.8), all(0.97));
        add("lucky", seeds(0.672, 0.672, 0.432), all(0.5), all(0.8), all(0.97));
        // Original: FA 1.0 -> 1.0 per seed
        add("Original", all(0.8), all(1.0), all(0.8), all(0.7));

        List<SummaryRow> rows = Aggregation.summary(runs, MetricCatalogue.standard());

        // all seeds: steady [0.2] opens group 2, lucky's [0.06, 0.46] joins it with the higher mean -> steady 2nd
        assertThat(rows).extracting(SummaryRow::method).containsExactly("Retrain", "Retrain-noise-floor", "steady",
                "lucky", "Original");
        // without seed 0 or 1: lucky 0.16, 0.46 -> mean 0.31, SE 0.15 -> [0.01, 0.61]: still 3rd behind steady;
        // without seed 2: lucky 0.16, 0.16 -> [0.16, 0.16] opens group 2 ahead of steady: 2nd
        Placement.LeaveOneSeedOut lucky = row(rows, "lucky").placement().leaveOneSeedOut();
        assertThat(lucky.rankWithout()).containsExactly(Map.entry(0, 3), Map.entry(1, 3), Map.entry(2, 2));
        assertThat(List.of(lucky.best(), lucky.worst(), lucky.spread())).containsExactly(2, 3, 1);
        Placement.LeaveOneSeedOut steady = row(rows, "steady").placement().leaveOneSeedOut();
        assertThat(steady.rankWithout()).containsExactly(Map.entry(0, 2), Map.entry(1, 2), Map.entry(2, 3));
        Placement.LeaveOneSeedOut original = row(rows, "Original").placement().leaveOneSeedOut();
        assertThat(List.of(original.best(), original.worst(), original.spread())).containsExactly(4, 4, 0);
        assertThat(row(rows, "Retrain").placement().leaveOneSeedOut().rankWithout().values()).containsOnly(1);
        assertThat(row(rows, "Retrain-noise-floor").placement().leaveOneSeedOut()).as("not ranked").isNull();
    }

    @Test
    void oneSeedGivesNoIntervalsNoMiaDetectionAndNoLeaveOneOut() {
        // one seed: SE unknown, so every row is its own point interval and Indisc cannot be read against its noise
        add("Retrain", seeds(0.8), seeds(0.8), seeds(0.8), seeds(0.97));
        add("Original", seeds(0.8), seeds(1.0), seeds(0.8), seeds(0.5));
        add("m", seeds(0.8), seeds(0.88), seeds(0.8), seeds(0.5));
        List<SummaryRow> rows = Aggregation.summary(runs, MetricCatalogue.standard());
        assertThat(rows).extracting(SummaryRow::method).containsExactly("Retrain", "m", "Original");
        assertThat(rows).extracting(SummaryRow::rankGroup).containsExactly(null, 1, 2);
        assertThat(rows).noneMatch(r -> r.placement().miaDetects());
        assertThat(rows).allMatch(r -> r.placement().leaveOneSeedOut() == null);
    }

    @Test
    void aMethodThatFailedOnEverySeedIsPlacedLastWithoutFigures() {
        add("Retrain", all(0.8), all(0.8), all(0.8), seeds(0.96, 0.98, 0.97));
        add("Original", all(0.8), all(1.0), all(0.8), all(0.8));
        for (int seed = 0; seed < 3; seed++) {
            runs.add(RunResult.failed("d", "a", "broken", seed, 0.1, "boom", Map.of(),
                    MetricCatalogue.standard().names()));
        }
        List<SummaryRow> rows = Aggregation.summary(runs, MetricCatalogue.standard());
        SummaryRow broken = rows.get(rows.size() - 1);
        assertThat(broken.method()).isEqualTo("broken");
        assertThat(broken.seeds()).isZero();
        assertThat(broken.failed()).isEqualTo(3);
        assertThat(broken.retDev()).isNull();
        assertThat(broken.std(MetricCatalogue.FORGET_ACCURACY)).isNull();
        assertThat(broken.placement().noBetterThanOriginal()).isTrue();
    }
}
