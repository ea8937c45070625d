package io.deepunlearn.core.tune;

import io.deepunlearn.core.method.SearchSpace;
import io.deepunlearn.core.method.SearchSpace.Dimension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a method's {@link SearchSpace} onto the unit cube [0, 1]^d that both samplers work in (jMetal's NSGA-III
 * only knows real variables). One coordinate per non-fixed dimension:
 * <ul>
 *   <li>FLOAT: {@code low + u (high - low)};</li>
 *   <li>LOG_FLOAT: log-linear, {@code exp(log low + u (log high - log low))}, so each decade gets equal mass
 *       (Optuna's {@code log=True});</li>
 *   <li>INT: {@code high - low + 1} equal-width bins, {@code low + floor(u (high - low + 1))}, so every integer is
 *       equally likely under uniform u;</li>
 *   <li>CATEGORICAL: k equal-width bins over the choices in their declared order; the evolutionary operators
 *       treat the bin index as ordinal, which suits the ordered choices of the reference (batch sizes 64 &lt; 128 &lt;
 *       256).</li>
 * </ul>
 * FIXED dimensions take no coordinate and always decode to their value. Coordinates outside [0, 1] are clamped.
 */
public final class ParameterEncoding {

    private final List<Dimension> free = new ArrayList<>();
    private final List<Dimension> all;

    public ParameterEncoding(SearchSpace space) {
        all = List.copyOf(space.dimensions());
        for (Dimension d : all) {
            validate(d);
            if (d.kind() != SearchSpace.Kind.FIXED) {
                free.add(d);
            }
        }
    }

    private static void validate(Dimension d) {
        switch (d.kind()) {
            case LOG_FLOAT -> {
                if (!(d.low() > 0) || d.high() < d.low()) {
                    throw new IllegalArgumentException("log-uniform dimension " + d.name() + " needs 0 < low <= high");
                }
            }
            case FLOAT, INT -> {
                if (d.high() < d.low()) {
                    throw new IllegalArgumentException("dimension " + d.name() + " has high < low");
                }
            }
            case CATEGORICAL -> {
                if (d.choices().isEmpty()) {
                    throw new IllegalArgumentException("categorical dimension " + d.name() + " has no choices");
                }
            }
            case FIXED -> {
            }
        }
    }

    /** Number of unit-cube coordinates (the non-fixed dimensions). */
    public int size() {
        return free.size();
    }

    /** Names of the coordinates, in order. */
    public List<String> names() {
        return free.stream().map(Dimension::name).toList();
    }

    /**
     * Hyperparameter values for a point of the unit cube, for every dimension of the space (fixed ones included):
     * Integer for INT and for categorical choices that are whole numbers, Double otherwise.
     */
    public Map<String, Object> decode(double[] unit) {
        if (unit.length != free.size()) {
            throw new IllegalArgumentException("expected " + free.size() + " coordinates, got " + unit.length);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        int k = 0;
        for (Dimension d : all) {
            out.put(d.name(), d.kind() == SearchSpace.Kind.FIXED ? number(d.low()) : value(d, unit[k++]));
        }
        return out;
    }

    private static Object value(Dimension d, double raw) {
        double u = Double.isNaN(raw) ? 0.5 : Math.min(1, Math.max(0, raw));
        return switch (d.kind()) {
            case FLOAT -> d.low() + u * (d.high() - d.low());
            case LOG_FLOAT -> Math.min(d.high(), Math.exp(Math.log(d.low()) + u * (Math.log(d.high()) - Math.log(d.low()))));
            case INT -> {
                int low = (int) Math.round(d.low());
                int high = (int) Math.round(d.high());
                yield Math.min(high, low + (int) Math.floor(u * (high - low + 1)));
            }
            case CATEGORICAL -> number(d.choices().get(Math.min(d.choices().size() - 1, (int) Math.floor(u * d.choices().size()))));
            case FIXED -> number(d.low());
        };
    }

    private static Object number(double v) {
        return v == Math.rint(v) && Math.abs(v) < Integer.MAX_VALUE ? (Object) (int) v : (Object) v;
    }
}
