package io.deepunlearn.auditor.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepunlearn.pipeline.event.AuditMetrics;
import io.deepunlearn.pipeline.event.UliraFigures;
import io.deepunlearn.pipeline.storage.ErasureReceipt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three-valued verdict on hand-made figures. */
class VerdictRuleTest {

    static final AuditThresholds T = AuditThresholds.defaults();
    static final VerdictRule RULE = new VerdictRule(T);

    /** An MIA reading with a band of 0.1 and the default cap 0.6. */
    static AttackReading mia(double pre, double post) {
        return new AttackReading("MIA", pre, post, 0.1, 0.6);
    }

    static AuditMetrics metrics(double preMia, double mia, double test, double previousTest, double floor) {
        return new AuditMetrics(0.9, 0.8, 0.8, test, mia, 1 - Math.abs(2 * mia - 1), previousTest, preMia, 0.99, 100,
                floor);
    }

    static UliraFigures ulira(double preAuc, double auc) {
        return new UliraFigures(UliraFigures.MEASURED, null, 8, 0.05, 100, 100, auc, 0.05, 0.05, preAuc, 0.4, 0.067);
    }

    @Test
    void passNeedsASignalBeforeAndNoneAfter() {
        Verdict v = RULE.decide(List.of(mia(0.75, 0.52)), 0.8, 0.82);
        assertThat(v.outcome()).isEqualTo("pass");
        assertThat(v.reasons()).isEmpty();
        assertThat(v.summary()).startsWith("pass: MIA detected").contains("pre-erasure 0.750, post-erasure 0.520");
        assertThat(v.resolution(InconclusivePolicy.RETRAIN)).isEqualTo(ErasureReceipt.RELEASED);
    }

    @Test
    void aDoNothingUnlearnerFailsBecauseTheSignalIsStillThere() {
        Verdict v = RULE.decide(List.of(new AttackReading("MIA", 0.58, 0.58, 0.05, 0.6)), 0.8, 0.8);
        assertThat(v.outcome()).isEqualTo("fail");
        assertThat(v.reasons()).singleElement().asString()
                .contains("MIA 0.580 on the unlearned model: above chance by more than 0.050");
        assertThat(v.resolution(InconclusivePolicy.RELEASE)).isEqualTo(ErasureReceipt.RETRAIN_REQUESTED);
    }

    @Test
    void overUnlearningFailsToo() {
        Verdict v = RULE.decide(List.of(mia(0.75, 0.35)), 0.8, 0.82);
        assertThat(v.outcome()).isEqualTo("fail");
        assertThat(v.reasons()).singleElement().asString().contains("below chance by more than 0.100")
                .contains("over-unlearning");
        // just inside the band below 0.5 is noise, not a trace
        assertThat(RULE.decide(List.of(mia(0.75, 0.41)), 0.8, 0.82).outcome()).isEqualTo("pass");
    }

    @Test
    void noSignalBeforeErasureIsInconclusiveAndThePolicyDecides() {
        Verdict v = RULE.decide(List.of(mia(0.55, 0.5)), 0.8, 0.8);
        assertThat(v.outcome()).isEqualTo("inconclusive");
        assertThat(v.reasons()).isEmpty();
        assertThat(v.summary()).contains("showed no membership signal").contains("proves nothing");
        assertThat(v.releases(InconclusivePolicy.RELEASE)).isTrue();
        assertThat(v.resolution(InconclusivePolicy.RELEASE)).isEqualTo(ErasureReceipt.RELEASED_WITH_CAVEAT);
        assertThat(v.releases(InconclusivePolicy.RETRAIN)).isFalse();
        assertThat(v.resolution(InconclusivePolicy.RETRAIN)).isEqualTo(ErasureReceipt.RETRAIN_REQUESTED);
    }

    @Test
    void aSignalAfterErasureFailsEvenWithoutAControlSignal() {
        assertThat(RULE.decide(List.of(new AttackReading("MIA", 0.5, 0.58, 0.05, 0.6)), 0.8, 0.8).outcome())
                .isEqualTo("fail");
    }

    @Test
    void theMiaCapAndTheUtilityGuardStillApply() {
        // inside a wide noise band (few samples) but above the absolute cap
        Verdict capped = RULE.decide(List.of(new AttackReading("MIA", 0.9, 0.71, 0.25, 0.6)), 0.8, 0.82);
        assertThat(capped.outcome()).isEqualTo("fail");
        assertThat(capped.reasons()).singleElement().asString().contains("MIA 0.710 above the maximum 0.600");
        Verdict collapsed = RULE.decide(List.of(mia(0.75, 0.5)), 0.5, 0.82);
        assertThat(collapsed.outcome()).isEqualTo("fail");
        assertThat(collapsed.reasons()).singleElement().asString().contains("test accuracy fell by 0.320");
        assertThatThrownBy(() -> new AuditThresholds(0.4, 0.1, 0.05, 0.05, 0.05, 0.05)).hasMessageContaining("miaMax");
        assertThatThrownBy(() -> new AuditThresholds(0.6, 0.1, 0.05, 0.05, 0.6, 0.05)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> RULE.decide(List.of(), 0.8, 0.8)).hasMessageContaining("at least one attack");
    }

    @Test
    void uliraCountsWhenMeasuredAndGivesPowerOfItsOwn() {
        // MIA flat before and after; U-LiRA saw the samples before erasure and does not after: pass
        Verdict v = RULE.decide(metrics(0.52, 0.5, 0.8, 0.8, 0.085), ulira(0.80, 0.53));
        assertThat(v.outcome()).isEqualTo("pass");
        assertThat(v.summary()).contains("U-LiRA AUC detected").contains("U-LiRA AUC pre-erasure 0.800, post-erasure 0.530");
        // U-LiRA still sees them: fail, though the MIA is quiet
        assertThat(RULE.decide(metrics(0.52, 0.5, 0.8, 0.8, 0.085), ulira(0.80, 0.75)).reasons())
                .singleElement().asString().startsWith("U-LiRA AUC 0.750");
        // unavailable: the verdict rests on the MIA alone (here: no power)
        assertThat(RULE.decide(metrics(0.52, 0.5, 0.8, 0.8, 0.085), UliraFigures.unavailable("no shadows")).outcome())
                .isEqualTo("inconclusive");
        // the band is the larger of the margin (0.05) and the noise floor carried with the figures
        assertThat(RULE.decide(metrics(0.62, 0.5, 0.8, 0.8, 0.12), UliraFigures.unavailable("none")).outcome())
                .isEqualTo("inconclusive");
        assertThat(RULE.decide(metrics(0.62, 0.5, 0.8, 0.8, 0.03), UliraFigures.unavailable("none")).outcome())
                .isEqualTo("pass");
    }
}
