package io.deepunlearn.auditor.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepunlearn.pipeline.event.AuditMetrics;
import org.junit.jupiter.api.Test;

class AuditRulesTest {

    @Test
    void failsOnHighMiaOrUtilityCollapseAndNamesTheReason() {
        AuditService service = new AuditService(null, null, null, null, null, null, new AuditThresholds(0.6, 0.1), null, null);
        assertThat(service.failures(new AuditMetrics(0.9, 0.8, 0.8, 0.8, 0.55, 0.9, 0.82))).isEmpty();
        assertThat(service.failures(new AuditMetrics(0.9, 0.8, 0.8, 0.8, 0.71, 0.58, 0.82)))
                .singleElement().asString().contains("MIA accuracy 0.710 above the maximum 0.600");
        assertThat(service.failures(new AuditMetrics(0.9, 0.8, 0.8, 0.5, 0.5, 1.0, 0.82)))
                .singleElement().asString().contains("test accuracy fell by 0.320");
        assertThatThrownBy(() -> new AuditThresholds(0.4, 0.1)).hasMessageContaining("miaMax");
    }
}
