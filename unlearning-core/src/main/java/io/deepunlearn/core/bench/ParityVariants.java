package io.deepunlearn.core.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The reference-parity switches a method run can take (docs/science.md, "Parity switches"), and which variant a
 * run's hyperparameters select. A leaderboard names the variant of every affected method so that two campaigns
 * that differ only there cannot be mistaken for each other.
 *
 * <ul>
 *   <li>CFW, KDE {@code stem_fallback}: true (DeepUnlearn's default) confuses / resets the first conv when the
 *       network has no top-level {@code conv}/{@code conv1} (small CNN, TinyViT); false is the reference code,
 *       which touches no conv there.</li>
 *   <li>SCRUB {@code reference_checkpoint_quirk}: false (default) returns the original weights when the
 *       checkpoint selection picks i* = 0; true is the reference code, which returns the last epoch's model.</li>
 * </ul>
 */
public final class ParityVariants {

    /** One switch: the method, its hyperparameter, and the value the reference code behaves as. */
    public record Switch(String method, String key, Object referenceValue, String ourMeaning, String referenceMeaning) {
    }

    public static final List<Switch> SWITCHES = List.of(
            new Switch("CFW", "stem_fallback", false, "stem conv confused when no top-level conv",
                    "no conv confused without a top-level conv"),
            new Switch("KDE", "stem_fallback", false, "stem conv reset when no conv1",
                    "classifier reset alone without conv1"),
            new Switch("SCRUB", "reference_checkpoint_quirk", true, "i* = 0 returns the original weights",
                    "i* = 0 returns the last epoch's model"));

    private ParityVariants() {
    }

    /**
     * "reference" or "deepunlearn" for a method with a parity switch, from its hyperparameters; null when the
     * method has none or the key is absent (e.g. an old run log).
     */
    public static String variant(String method, Map<String, ?> hyperparameters) {
        if (hyperparameters == null) {
            return null;
        }
        for (Switch s : SWITCHES) {
            if (s.method().equals(method) && hyperparameters.containsKey(s.key())) {
                return Objects.equals(String.valueOf(hyperparameters.get(s.key())), String.valueOf(s.referenceValue()))
                        ? "reference" : "deepunlearn";
            }
        }
        return null;
    }

    /** Method -> the variants its runs used (normally one), in first-seen order. */
    public static Map<String, List<String>> used(List<RunResult> runs) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (RunResult r : runs) {
            String v = variant(r.method(), r.hyperparameters());
            if (v != null) {
                List<String> vs = out.computeIfAbsent(r.method(), k -> new ArrayList<>());
                if (!vs.contains(v)) {
                    vs.add(v);
                }
            }
        }
        return out;
    }

    /** One sentence for a report, e.g. "Parity variants: CFW deepunlearn (stem conv confused ...)"; "" when none. */
    public static String describe(List<RunResult> runs) {
        Map<String, List<String>> used = used(runs);
        if (used.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (Switch s : SWITCHES) {
            List<String> vs = used.get(s.method());
            if (vs != null) {
                List<String> named = new ArrayList<>();
                for (String v : vs) {
                    named.add(v + " (" + (v.equals("reference") ? s.referenceMeaning() : s.ourMeaning()) + "; "
                            + s.key() + "=" + (v.equals("reference") ? s.referenceValue() : !(Boolean) s.referenceValue())
                            + ")");
                }
                parts.add(s.method() + " " + String.join(" and ", named));
            }
        }
        return "Parity variants: " + String.join("; ", parts) + ".";
    }
}
