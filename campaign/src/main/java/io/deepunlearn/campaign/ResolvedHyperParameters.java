package io.deepunlearn.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deepunlearn.core.bench.ReportWriter;
import io.deepunlearn.core.method.HyperParameters;
import io.deepunlearn.core.method.Methods;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every method's hyperparameters as the campaign's starter resolved them (defaults, tuned values, overrides), in
 * the plan's spec: workers need neither the command line nor the tuned directory, and use exactly these values.
 */
public final class ResolvedHyperParameters {

    private ResolvedHyperParameters() {
    }

    /** {method: {key: value}}, for the plan's spec. */
    public static ObjectNode json(Map<String, HyperParameters> resolved) {
        ObjectNode hp = ReportWriter.json().createObjectNode();
        resolved.forEach((m, v) -> hp.set(m, ReportWriter.json().valueToTree(v.asMap())));
        return hp;
    }

    /** The spec's values, typed as each method's defaults type them. */
    @SuppressWarnings("unchecked")
    public static Map<String, HyperParameters> typed(JsonNode json) {
        Map<String, HyperParameters> out = new LinkedHashMap<>();
        json.fields().forEachRemaining(e -> out.put(e.getKey(), Methods.get(e.getKey()).defaults()
                .withAll(ReportWriter.json().convertValue(e.getValue(), LinkedHashMap.class))));
        return out;
    }
}
