package io.deepunlearn.core.bench;

/**
 * Seed-aggregated row of the leaderboard for one (dataset, architecture, method): means and standard
 * deviations over successful seeds, ratios to the same dataset/arch Retrain means (RR, FR, TR), RetDev,
 * indiscernibility of the Test MIA, RTE = mean retrain time / mean method time, and the rank (RetDev ascending,
 * then indiscernibility descending; reference rows are ranked too, Retrain always first with RetDev 0).
 */
public record SummaryRow(String dataset, String arch, String method, boolean reference, int seeds, int failed,
                         Double retainAccuracy, Double retainAccuracyStd, Double forgetAccuracy, Double forgetAccuracyStd,
                         Double valAccuracy, Double testAccuracy, Double testAccuracyStd,
                         Double rr, Double fr, Double tr, Double retDev, Double mia, Double miaStd,
                         Double indiscernibility, Double seconds, Double rte, Integer rank, Integer methodRank) {
}
