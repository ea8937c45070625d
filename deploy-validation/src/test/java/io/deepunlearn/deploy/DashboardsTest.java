package io.deepunlearn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Dashboard JSON: stable uids, a templated data source on every query, well-formed targets and valid PromQL. */
class DashboardsTest {

    private static final String DATASOURCE = "${datasource}";

    static List<Path> dashboards() {
        return Dashboards.files();
    }

    @Test
    void theFourViewsExistWithUniqueStableUids() {
        Set<String> uids = new HashSet<>();
        dashboards().forEach(f -> assertThat(uids.add(Yaml.read(f).path("uid").asText())).as("duplicate uid in " + f).isTrue());
        assertThat(uids).containsExactlyInAnyOrder("deepunlearn-erasure-flow", "deepunlearn-unlearning-quality",
                "deepunlearn-workers", "deepunlearn-leaderboard");
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void hasTitleVersionAndADatasourceVariable(Path file) {
        JsonNode d = Yaml.read(file);
        assertThat(d.path("title").asText()).startsWith("DeepUnlearn / ");
        assertThat(d.path("schemaVersion").isInt()).isTrue();
        assertThat(d.path("tags").toString()).contains("deepunlearn");
        JsonNode variable = d.at("/templating/list/0");
        assertThat(variable.path("name").asText()).isEqualTo("datasource");
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void everyPanelAndTargetUsesTheTemplatedDatasource(Path file) {
        JsonNode d = Yaml.read(file);
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : Dashboards.panels(d)) {
            String title = file.getFileName() + " / " + panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("panel id unique: " + title).isTrue();
            if ("row".equals(panel.path("type").asText())) {
                continue;
            }
            assertThat(panel.at("/datasource/uid").asText()).as(title).isEqualTo(DATASOURCE);
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            Set<String> refIds = new HashSet<>();
            panel.path("targets").forEach(t -> {
                assertThat(refIds.add(t.path("refId").asText())).as("refId unique in " + title).isTrue();
                assertThat(t.path("refId").asText()).as(title).isNotBlank();
                assertThat(t.path("expr").asText()).as(title).isNotBlank();
                assertThat(t.at("/datasource/uid").asText()).as(title).isEqualTo(DATASOURCE);
            });
            assertThat(panel.path("description").asText()).as(title).isNotBlank();
        }
        d.at("/templating/list").forEach(v -> {
            if ("query".equals(v.path("type").asText())) {
                assertThat(v.at("/datasource/uid").asText()).isEqualTo(DATASOURCE);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("dashboards")
    void panelsFitTheGridWithoutOverlapping(Path file) {
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode panel : Yaml.read(file).path("panels")) {
            JsonNode g = panel.path("gridPos");
            int[] box = {g.path("x").asInt(-1), g.path("y").asInt(-1), g.path("w").asInt(), g.path("h").asInt()};
            assertThat(box[0]).isBetween(0, 23);
            assertThat(box[0] + box[2]).as(panel.path("title").asText()).isLessThanOrEqualTo(24);
            assertThat(box[3]).isPositive();
            for (int[] other : boxes) {
                boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2] && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
                assertThat(overlap).as(file.getFileName() + ": " + panel.path("title").asText() + " overlaps another panel").isFalse();
            }
            boxes.add(box);
        }
    }

    @Test
    void mainDashboardShowsRateLatencyBacklogDeadlineAndDeadLetters() {
        String exprs = Dashboards.targets(Dashboards.DIR.resolve(Dashboards.MAIN)).stream().map(Dashboards.Target::expr).collect(Collectors.joining("\n"));
        assertThat(exprs).contains("rate(unlearn_requests_total", "unlearn_duration_seconds_bucket", "kafka_consumergroup_lag",
                "deepunlearn:unlearn_oldest_open_request_age_seconds:max", "deepunlearn:erasure_request_deadline_seconds",
                "unlearn_dead_letters_total", "[.]dlq");
    }

    @Test
    void qualityDashboardComparesMiaWithHalfAndShowsAccuraciesAndAudits() {
        JsonNode d = Yaml.read(Dashboards.DIR.resolve("unlearning-quality.json"));
        JsonNode mia = Dashboards.panels(d).stream().filter(p -> p.path("title").asText().startsWith("MIA")).findFirst().orElseThrow();
        assertThat(mia.at("/fieldConfig/defaults/thresholds/steps").findValuesAsText("value")).contains("0.5", "0.6");
        // two-sided: far below 0.5 (over-unlearning) is a trace too, so the base colour is red, green from 0.4
        assertThat(mia.at("/fieldConfig/defaults/thresholds/steps/0/color").asText()).isEqualTo("red");
        assertThat(mia.at("/fieldConfig/defaults/thresholds/steps").findValuesAsText("value")).contains("0.4");
        String exprs = Dashboards.targets(Dashboards.DIR.resolve("unlearning-quality.json")).stream().map(Dashboards.Target::expr).collect(Collectors.joining("\n"));
        assertThat(exprs).contains("audit_indiscernibility", "method_split:audit_accuracy:max", "audit_results_total");
        // the control and U-LiRA (issue 14)
        assertThat(exprs).contains("method:audit_pre_erasure_mia_accuracy:max", "method:audit_mia_noise_floor:max",
                "method:audit_ulira_auc:max", "method:audit_ulira_pre_erasure_auc:max",
                "method:audit_ulira_flagged_ratio:max", "deepunlearn:audit_not_passed:ratio_1h", "audit_ulira_audits_total");
    }

    @Test
    void everyQueryIsValidPromQl(@TempDir Path tmp) throws IOException {
        // promtool has no query checker; each expression becomes a recording rule so that it is parsed.
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode file = yaml.createObjectNode();
        ArrayNode rules = file.putArray("groups").addObject().put("name", "dashboards").putArray("rules");
        List<Dashboards.Target> targets = Dashboards.allTargets();
        for (int i = 0; i < targets.size(); i++) {
            rules.addObject().put("record", "dashboard:query_" + i + ":check")
                    .put("expr", PromQl.withGrafanaMacros(targets.get(i).expr(), "5m").replace("$method", "x"));
        }
        Path rulesFile = tmp.resolve("dashboard-queries.yml");
        Files.writeString(rulesFile, yaml.writeValueAsString(file));
        ExternalTool.Result result = ExternalTool.promtool().run(Duration.ofMinutes(1), "check", "rules", rulesFile.toString());
        assertThat(result.ok()).as(result.output()).isTrue();
        assertThat(result.output()).contains("SUCCESS: " + targets.size() + " rules found");
    }
}
