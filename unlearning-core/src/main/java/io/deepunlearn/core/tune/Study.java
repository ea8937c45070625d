package io.deepunlearn.core.tune;

import io.deepunlearn.core.method.HyperParameters;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The trials of one (method, seed) study, as the {@link TrialFunction} its sampler calls. The first calls replay
 * the trials already in the log (their logged point and objectives go back to the sampler, nothing is rerun), so
 * a resumed study continues the trial count; later calls run new trials and append each to the log as soon as it
 * ends. A trial that throws, or yields a non-finite objective, is logged as failed with its error.
 */
final class Study implements TrialFunction {

    /** What a failed trial reports to the sampler: worse than any real objective (all lie in [0, 1]). */
    static final double FAILED_PENALTY = 10.0;

    private final int seed;
    private final int budget;
    private final List<Trial> previous;
    private final TrialStore store;
    private final ParameterEncoding encoding;
    private final HyperParameters defaults;
    private final TrialEvaluator evaluator;
    private final Consumer<Trial> onTrial;
    private int next;

    Study(int seed, int budget, List<Trial> previous, TrialStore store, ParameterEncoding encoding,
          HyperParameters defaults, TrialEvaluator evaluator, Consumer<Trial> onTrial) {
        this.seed = seed;
        this.budget = budget;
        this.previous = previous;
        this.store = store;
        this.encoding = encoding;
        this.defaults = defaults;
        this.evaluator = evaluator;
        this.onTrial = onTrial;
    }

    /** Trials held so far (replayed plus new). */
    int held() {
        return next;
    }

    @Override
    public double[] evaluate(double[] unit) {
        if (next >= budget) {
            throw new TrialBudgetExhausted(budget);
        }
        if (next < previous.size()) {
            Trial t = previous.get(next++);
            if (t.unit() != null && t.unit().length == unit.length) {
                System.arraycopy(t.unit(), 0, unit, 0, unit.length);
            }
            return forSampler(t);
        }
        Trial t = run(next, unit.clone());
        next++;
        store.append(t);
        onTrial.accept(t);
        return forSampler(t);
    }

    private Trial run(int number, double[] unit) {
        Map<String, Object> values = encoding.decode(unit);
        long t0 = System.nanoTime();
        try {
            HyperParameters hp = defaults.withAll(values);
            TrialEvaluator.Outcome outcome = evaluator.evaluate(seed, hp);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double[] o = outcome.objectives();
            if (o == null || o.length != TuningObjectives.COUNT || !Double.isFinite(TuningObjectives.score(o))) {
                return new Trial(seed, number, Trial.FAILED, unit, values, null, outcome.metrics(), seconds,
                        "objectives not finite: " + java.util.Arrays.toString(o));
            }
            return new Trial(seed, number, Trial.OK, unit, values, o.clone(), outcome.metrics(), seconds, null);
        } catch (RuntimeException | OutOfMemoryError e) {
            return new Trial(seed, number, Trial.FAILED, unit, values, null, Map.of(),
                    (System.nanoTime() - t0) / 1e9, e.toString());
        }
    }

    private static double[] forSampler(Trial t) {
        if (t.ok()) {
            return t.objectives().clone();
        }
        double[] penalty = new double[TuningObjectives.COUNT];
        java.util.Arrays.fill(penalty, FAILED_PENALTY);
        return penalty;
    }
}
