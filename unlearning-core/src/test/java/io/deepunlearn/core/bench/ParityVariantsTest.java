package io.deepunlearn.core.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.deepunlearn.core.method.Methods;
import io.deepunlearn.core.metric.MetricCatalogue;
import io.deepunlearn.core.metric.MetricValues;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParityVariantsTest {

    @Test
    void defaultsAreDeepUnlearnsVariantAndTheSwitchesSelectTheReference() {
        for (String m : List.of("CFW", "KDE", "SCRUB")) {
            assertThat(ParityVariants.variant(m, Methods.get(m).defaults().asMap())).as(m).isEqualTo("deepunlearn");
        }
        assertThat(ParityVariants.variant("CFW", Methods.get("CFW").defaults().with("stem_fallback", "false").asMap()))
                .isEqualTo("reference");
        assertThat(ParityVariants.variant("KDE", Methods.get("KDE").defaults().with("stem_fallback", "false").asMap()))
                .isEqualTo("reference");
        assertThat(ParityVariants.variant("SCRUB",
                Methods.get("SCRUB").defaults().with("reference_checkpoint_quirk", "true").asMap())).isEqualTo("reference");
        assertThat(ParityVariants.variant("MSG", Methods.get("MSG").defaults().asMap())).isNull();
        assertThat(ParityVariants.variant("CFW", Map.of())).isNull(); // a run logged before the switch existed
    }

    @Test
    void describesEveryVariantThatRan() {
        List<RunResult> runs = List.of(run("CFW", Map.of("stem_fallback", false)), run("CFW", Map.of("stem_fallback", true)),
                run("SCRUB", Map.of("reference_checkpoint_quirk", false)), run("MSG", Map.of("init_rate", 0.3)));
        assertThat(ParityVariants.used(runs)).containsExactly(Map.entry("CFW", List.of("reference", "deepunlearn")),
                Map.entry("SCRUB", List.of("deepunlearn")));
        assertThat(ParityVariants.describe(runs)).isEqualTo("Parity variants: CFW reference (no conv confused without "
                + "a top-level conv; stem_fallback=false) and deepunlearn (stem conv confused when no top-level conv; "
                + "stem_fallback=true); SCRUB deepunlearn (i* = 0 returns the original weights; "
                + "reference_checkpoint_quirk=false).");
        assertThat(ParityVariants.describe(List.of(run("MSG", Map.of())))).isEmpty();
    }

    private static RunResult run(String method, Map<String, Object> hp) {
        return new RunResult("d", "a", method, 0, "ok", null, MetricValues.missing(MetricCatalogue.standard().names()),
                1.0, hp);
    }
}
