package io.deepunlearn.core.method;

import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Copies of every tensor of a network, to compare before and after a method's surgery. */
final class TensorSnapshot {

    private final Map<String, float[]> values = new LinkedHashMap<>();

    private TensorSnapshot(Network net) {
        for (Param p : net.tensors().values()) {
            values.put(p.name(), p.value().toFloatArray());
        }
    }

    static TensorSnapshot of(Network net) {
        return new TensorSnapshot(net);
    }

    float[] get(String name) {
        return values.get(name);
    }

    /** Names of the tensors whose values differ (bitwise) in {@code net}. */
    Set<String> changedIn(Network net) {
        Set<String> changed = new TreeSet<>();
        for (Map.Entry<String, float[]> e : values.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue(), net.param(e.getKey()).value().toFloatArray())) {
                changed.add(e.getKey());
            }
        }
        return changed;
    }

    Set<String> names() {
        return values.keySet();
    }
}
