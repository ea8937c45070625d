package io.deepunlearn.core.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.deepunlearn.core.metric.MetricCatalogue;
import io.deepunlearn.core.metric.MetricValues;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a published report says about its build and machine, and how it flags rows and scales axes. */
class ReportHygieneTest {

    @Test
    void absolutePathsBecomeRelativeHomeRelativeOrTheirLastTwoNames() {
        Path cwd = Path.of("/work/wt/x");
        Path home = Path.of("/root");
        assertThat(PathRedaction.path("/work/wt/x/runs/cache", cwd, home)).isEqualTo("runs/cache");
        assertThat(PathRedaction.path("/work/wt/x", cwd, home)).isEqualTo(".");
        assertThat(PathRedaction.path("/root/.cache/deepunlearn/models", cwd, home)).isEqualTo("~/.cache/deepunlearn/models");
        assertThat(PathRedaction.path("/usr/share/datasets/fashion-mnist", cwd, home)).isEqualTo("…/datasets/fashion-mnist");
        assertThat(PathRedaction.path("runs/out", cwd, home)).isEqualTo("runs/out");
        assertThat(PathRedaction.path("file:///work/wt/x/runs/quick/", cwd, home)).isEqualTo("runs/quick");
        assertThat(PathRedaction.path("file:///srv/data/cache/", cwd, home)).isEqualTo("…/data/cache");
        assertThat(PathRedaction.path(null, cwd, home)).isNull();
        JsonNode tree = new ObjectMapper().valueToTree(java.util.Map.of("config", java.util.Map.of(
                "cache_dir", "/opt/secret/place/models", "seeds", List.of(0, 1), "paths", List.of("/a/b/c"))));
        String redacted = PathRedaction.tree(tree).toString();
        assertThat(redacted).doesNotContain("/opt/secret").doesNotContain("/a/b/c").contains("…/place/models")
                .contains("…/b/c");
    }

    @Test
    void buildInfoComesFromTheBuildNotFromTheWorkingDirectory() {
        BuildInfo b = BuildInfo.load();
        // the build writes build-info.properties; a build outside git still has the version
        assertThat(b.version()).isNotNull().isNotEqualTo("null");
        assertThat(b.commit()).satisfiesAnyOf(c -> assertThat(c).isNull(), c -> assertThat(c).matches("[0-9a-f]{40}(-dirty)?"));
        assertThat(Environment.capture().deepunlearnVersion()).isNotEqualTo("null");
    }

    @Test
    void miaAxisIsFittedAroundChanceNotZeroToOne() {
        double[] r = Charts.miaRange(List.of(mia(0.48, 0.01), mia(0.55, 0.02)));
        assertThat(r[0]).isCloseTo(0.45, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(r[1]).isCloseTo(0.58, org.assertj.core.data.Offset.offset(1e-12));
        double[] wide = Charts.miaRange(List.of(mia(0.2, 0.0), mia(0.999, 0.1)));
        assertThat(wide[0]).isCloseTo(0.19, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(wide[1]).isEqualTo(1.0);
    }

    private static SummaryRow mia(double mia, double std) {
        return summary("m", false, 0.0, mia, std, 1, 1);
    }

    /** A row by metric name: accuracies 0.9 (std 0), the given RetDev and Test MIA, Indisc 1, ratios and RTE 1. */
    private static SummaryRow summary(String method, boolean reference, double retDev, double mia, double miaStd,
                                      Integer rank, Integer methodRank) {
        Map<String, Double> means = new LinkedHashMap<>();
        Map<String, Double> stds = new LinkedHashMap<>();
        for (String acc : List.of(MetricCatalogue.RETAIN_ACCURACY, MetricCatalogue.FORGET_ACCURACY,
                MetricCatalogue.VAL_ACCURACY, MetricCatalogue.TEST_ACCURACY)) {
            means.put(acc, 0.9);
            stds.put(acc, 0.0);
        }
        means.put(MetricCatalogue.TEST_MIA, mia);
        stds.put(MetricCatalogue.TEST_MIA, miaStd);
        means.put(MetricCatalogue.INDISCERNIBILITY, 1.0);
        stds.put(MetricCatalogue.INDISCERNIBILITY, 0.0);
        Map<String, Double> relative = new LinkedHashMap<>();
        relative.put("rr", 1.0);
        relative.put("fr", 1.0);
        relative.put("tr", 1.0);
        relative.put(MetricCatalogue.RET_DEV, retDev);
        relative.put(MetricCatalogue.RTE, 1.0);
        return new SummaryRow("d", "a", method, reference, 3, 0, MetricValues.of(means), MetricValues.of(stds), 1.0,
                MetricValues.of(relative),
                new Placement(rank, methodRank, null, false, false, null));
    }
}
