package io.deepunlearn.core.bench;

import java.util.Map;

/**
 * One (dataset, architecture, method, seed) run. Accuracies are on D_r, D_f, D_val and D_test (plain transforms,
 * eval mode); {@code mia} is the reported Test MIA (forget vs test), {@code valMia} the HP-search one (forget vs
 * val); {@code seconds} times only the unlearning call (Retrain: its training time; Original: 0).
 */
public record RunResult(String dataset, String arch, String method, int seed, String status, String error,
                        Double retainAccuracy, Double forgetAccuracy, Double valAccuracy, Double testAccuracy,
                        Double mia, Double valMia, Double indiscernibility, double seconds,
                        Map<String, Object> hyperparameters) {

    public boolean ok() {
        return "ok".equals(status);
    }

    static RunResult failed(String dataset, String arch, String method, int seed, double seconds, String error,
                            Map<String, Object> hp) {
        return new RunResult(dataset, arch, method, seed, "failed", error, null, null, null, null, null, null, null,
                seconds, hp);
    }
}
