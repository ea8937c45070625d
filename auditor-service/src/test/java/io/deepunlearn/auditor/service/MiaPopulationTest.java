package io.deepunlearn.auditor.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MiaPopulationTest {

    static List<Integer> ids(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    @Test
    void aLargeEnoughRunIsAttackedOnItsOwnForgetSet() {
        List<Integer> run = ids(100, 110);
        assertThat(ModelEvaluator.miaPopulation(run, ids(0, 500))).isSameAs(run);
    }

    @Test
    void aSmallRunIsAttackedOnEverythingTheLineageForgot() {
        List<Integer> run = ids(100, 103);
        List<Integer> lineage = ids(0, 40);
        assertThat(ModelEvaluator.miaPopulation(run, lineage)).isSameAs(lineage);
    }

    @Test
    void whenTheLineageHasNothingMoreTheRunsOwnSetStays() {
        List<Integer> run = ids(0, 3);
        assertThat(ModelEvaluator.miaPopulation(run, ids(0, 3))).isSameAs(run);
    }
}
