package io.deepunlearn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The rule file passes promtool, its alert unit tests pass, and the alerts the issue asks for exist. */
class PrometheusRulesTest {

    @Test
    void promtoolAcceptsTheRules() {
        ExternalTool.Result result = ExternalTool.promtool().run(Duration.ofMinutes(1), "check", "rules", "--lint-fatal", RuleFile.PATH.toString());
        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void alertUnitTestsPass() {
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        RuleFile.unitTests().forEach(f -> args.add(f.toString()));
        assertThat(args).hasSizeGreaterThan(2);
        ExternalTool.Result result = ExternalTool.promtool().run(Duration.ofMinutes(1), args.toArray(String[]::new));
        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(result.output()).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void unitTestsCoverTheDeadlineAndDeadLetterAlerts() {
        Set<String> tested = new HashSet<>();
        RuleFile.unitTests().forEach(file -> Yaml.read(file).path("tests").forEach(t -> t.path("alert_rule_test").forEach(a -> {
            if (!a.path("exp_alerts").isEmpty()) {
                tested.add(a.path("alertname").asText());
            }
        })));
        assertThat(tested).contains("ErasureRequestPastDeadline", "ErasureRequestDeadlineAtRisk", "DeadLetterTopicNotEmpty",
                "MiaAboveThreshold", "UnlearnedModelUtilityCollapse", "AuditFailed", "AuditsNotPassingRateHigh");
    }

    @Test
    void requiredAlertsExistWithSeverityAndSummary() {
        assertThat(RuleFile.alertNames()).contains("ErasureRequestPastDeadline", "DeadLetterTopicNotEmpty", "AuditFailed",
                "MiaAboveThreshold", "UnlearnedModelUtilityCollapse", "AuditsNotPassingRateHigh");
        RuleFile.rules().stream().filter(r -> r.has("alert")).forEach(r -> {
            assertThat(r.at("/labels/severity").asText()).as(r.path("alert").asText()).isIn("warning", "critical");
            assertThat(r.at("/annotations/summary").asText()).as(r.path("alert").asText()).isNotBlank();
        });
    }

    @Test
    void miaAlertUsesTheAuditorsThreshold() {
        JsonNode mia = RuleFile.rules().stream().filter(r -> "MiaAboveThreshold".equals(r.path("alert").asText())).findFirst().orElseThrow();
        assertThat(mia.path("expr").asText()).endsWith("> " + PipelineContract.MIA_MAX_DEFAULT);
    }

    @Test
    void recordingRulesFollowLevelMetricOperations() {
        assertThat(RuleFile.recordedNames()).isNotEmpty().allSatisfy(name -> assertThat(name).matches("[a-z_]+:[a-z0-9_]+(:[a-z0-9_]+)?"));
    }

    @Test
    void kubernetesRuleFileIsUpToDate() {
        // render-prometheusrule.sh wraps the rule file; the manifest must carry the same groups.
        JsonNode rule = Yaml.read(RuleFile.PROMETHEUS_RULE);
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rule.path("spec")).as("run deploy/prometheus/render-prometheusrule.sh").isEqualTo(RuleFile.groups());
    }
}
