package io.deepunlearn.core.bench;

import java.util.List;

/**
 * "Doing nothing" as a baseline: a method whose RetDev is not below the Original's (the model before unlearning)
 * scores no better than not running it, whatever its rank among the methods. Reports flag such rows.
 */
final class OriginalBaseline {

    static final String NOTE = "no better than the Original (RetDev ≥ the Original's): the method did not move the "
            + "model closer to the retrained one than doing nothing";

    private OriginalBaseline() {
    }

    /** The Original's RetDev in {@code group} (one dataset/architecture), or null when it has none. */
    static Double originalRetDev(List<SummaryRow> group) {
        return group.stream().filter(r -> r.method().equals(Aggregation.ORIGINAL)).map(SummaryRow::retDev)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** Whether {@code row}, a method row, scores no better than the Original's RetDev. */
    static boolean noBetter(SummaryRow row, Double originalRetDev) {
        return !row.reference() && originalRetDev != null && row.retDev() != null && row.retDev() >= originalRetDev;
    }
}
