package io.deepunlearn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsMetricsInsideFunctionsAndAggregations() {
        assertThat(PromQl.selectors("sum by (status) (rate(unlearn_requests_total[$__rate_interval]))"))
                .containsExactly(new PromQl.Selector("unlearn_requests_total", Set.of()));
    }

    @Test
    void collectsMatcherLabelsAndIgnoresStringsAndGroupingLists() {
        List<PromQl.Selector> found = PromQl.selectors(
                "histogram_quantile(0.95, sum by (le, method) (rate(unlearn_duration_seconds_bucket{method=~\"$method|x_total\", le!=\"\"}[5m])))");
        assertThat(found).containsExactly(new PromQl.Selector("unlearn_duration_seconds_bucket", Set.of("method", "le")));
    }

    @Test
    void handlesVectorMatchingAndRecordedNames() {
        assertThat(PromQl.selectors("a:b:max > on() group_left() (0.5 * deepunlearn:deadline_seconds)"))
                .extracting(PromQl.Selector::metric).containsExactly("a:b:max", "deepunlearn:deadline_seconds");
        assertThat(PromQl.selectors("x{split=\"forget\"} - ignoring(split) y{split=\"test\"}"))
                .containsExactly(new PromQl.Selector("x", Set.of("split")), new PromQl.Selector("y", Set.of("split")));
    }

    @Test
    void ignoresNumbersDurationsAndConstantFunctions() {
        assertThat(PromQl.selectors("vector(259200) offset 5m")).isEmpty();
        assertThat(PromQl.selectors("sort_desc(abs(m - 0.5)) > bool 1e3")).extracting(PromQl.Selector::metric).containsExactly("m");
    }

    @Test
    void reportsANamelessSelector() {
        assertThat(PromQl.selectors("{__name__=~\"unlearn_.*\"}")).containsExactly(new PromQl.Selector("", Set.of("__name__")));
    }

    @Test
    void replacesGrafanaIntervalMacros() {
        assertThat(PromQl.withGrafanaMacros("rate(x[$__rate_interval]) + increase(y[${__range}])", "1m"))
                .isEqualTo("rate(x[1m]) + increase(y[1m])");
    }
}
