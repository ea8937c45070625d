package io.deepunlearn.core.metric;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metric values by name, in the order of the catalogue that produced them. A value is null when it is undefined
 * (a failed run, a ratio to a missing reference); non-finite values are written as null in JSON.
 */
public final class MetricValues {

    private static final MetricValues EMPTY = new MetricValues(Map.of());

    private final Map<String, Double> values;

    private MetricValues(Map<String, Double> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A copy of {@code values}, keeping its iteration order. */
    public static MetricValues of(Map<String, Double> values) {
        return values.isEmpty() ? EMPTY : new MetricValues(values);
    }

    public static MetricValues empty() {
        return EMPTY;
    }

    /** Every name with a null value: what a failed run reports. */
    public static MetricValues missing(List<String> names) {
        Map<String, Double> m = new LinkedHashMap<>();
        names.forEach(n -> m.put(n, null));
        return of(m);
    }

    /** The value of {@code name}, or null when it is absent or undefined. */
    public Double get(String name) {
        return values.get(name);
    }

    /** Names and values in order (unmodifiable; values may be null). */
    public Map<String, Double> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricValues other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
