package io.deepunlearn.core.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a summary row stands in its dataset/architecture ({@link Aggregation}): {@code rank} over every ranked row
 * (Retrain first; the noise floor is placed but not ranked), {@code methodRank} over the methods only,
 * {@code rankGroup} (rows in one group are tied), whether the population MIA detects the row
 * ({@code miaDetects}: mean Indisc below Retrain's beyond noise, the only case Indisc orders rows), whether it is
 * ranked after the Original ({@code noBetterThanOriginal}), and its leave-one-seed-out ranks.
 */
public record Placement(Integer rank, Integer methodRank, Integer rankGroup, boolean miaDetects,
                        boolean noBetterThanOriginal, LeaveOneSeedOut leaveOneSeedOut) {

    /** Not placed (yet). */
    public static final Placement NONE = new Placement(null, null, null, false, false, null);

    Placement withLeaveOneSeedOut(LeaveOneSeedOut loso) {
        return new Placement(rank, methodRank, rankGroup, miaDetects, noBetterThanOriginal, loso);
    }

    /**
     * The row's rank with each seed left out in turn (seed -> rank; null where the row had no rank without that
     * seed, e.g. its only successful seed was left out), and the best, worst and spread of those ranks.
     */
    public record LeaveOneSeedOut(Map<Integer, Integer> rankWithout) {

        public LeaveOneSeedOut {
            rankWithout = Collections.unmodifiableMap(new LinkedHashMap<>(rankWithout));
        }

        /** Best (lowest) rank over the left-out seeds; null when none ranked the row. */
        public Integer best() {
            return rankWithout.values().stream().filter(java.util.Objects::nonNull).min(Integer::compare).orElse(null);
        }

        public Integer worst() {
            return rankWithout.values().stream().filter(java.util.Objects::nonNull).max(Integer::compare).orElse(null);
        }

        /** worst − best: 0 when no single seed moves the row. */
        public Integer spread() {
            Integer b = best();
            return b == null ? null : worst() - b;
        }
    }
}
