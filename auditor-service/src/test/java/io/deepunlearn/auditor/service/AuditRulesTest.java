package io.deepunlearn.auditor.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.deepunlearn.pipeline.event.AuditMetrics;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AuditRulesTest {

    private final InterimThresholdAttack attack = new InterimThresholdAttack();

    @Test
    void theAttackSeparatesMembersFromNonMembersAndIsNearChanceOnOneDistribution() {
        Random r = new Random(1);
        double[] members = r.doubles(300).map(x -> x * 0.1).toArray();        // low losses: memorised
        double[] others = r.doubles(300).map(x -> 1 + x).toArray();           // high losses: unseen
        assertThat(attack.accuracy(members, others, 123)).isGreaterThan(0.97);
        double[] same = r.doubles(300).toArray();
        assertThat(attack.accuracy(r.doubles(300).toArray(), same, 123)).isCloseTo(0.5, within(0.12));
        assertThat(attack.accuracy(members, others, 123)).isEqualTo(attack.accuracy(members, others, 123));
        assertThatThrownBy(() -> attack.accuracy(new double[] {1}, others, 1)).hasMessageContaining("at least 2");
    }

    @Test
    void failsOnHighMiaOrUtilityCollapseAndNamesTheReason() {
        AuditService service = new AuditService(null, null, null, null, null, null, new AuditThresholds(0.6, 0.1), null);
        assertThat(service.failures(new AuditMetrics(0.9, 0.8, 0.8, 0.8, 0.55, 0.9, 0.82))).isEmpty();
        assertThat(service.failures(new AuditMetrics(0.9, 0.8, 0.8, 0.8, 0.71, 0.58, 0.82)))
                .singleElement().asString().contains("MIA accuracy 0.710 above the maximum 0.600");
        assertThat(service.failures(new AuditMetrics(0.9, 0.8, 0.8, 0.5, 0.5, 1.0, 0.82)))
                .singleElement().asString().contains("test accuracy fell by 0.320");
        assertThatThrownBy(() -> new AuditThresholds(0.4, 0.1)).hasMessageContaining("miaMax");
    }
}
