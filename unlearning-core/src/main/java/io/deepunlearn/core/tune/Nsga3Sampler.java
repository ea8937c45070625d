package io.deepunlearn.core.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.uma.jmetal.algorithm.multiobjective.nsgaiii.NSGAIII;
import org.uma.jmetal.algorithm.multiobjective.nsgaiii.NSGAIIIBuilder;
import org.uma.jmetal.operator.crossover.impl.SBXCrossover;
import org.uma.jmetal.operator.mutation.impl.PolynomialMutation;
import org.uma.jmetal.operator.selection.impl.BinaryTournamentSelection;
import org.uma.jmetal.problem.doubleproblem.impl.AbstractDoubleProblem;
import org.uma.jmetal.solution.doublesolution.DoubleSolution;
import org.uma.jmetal.util.JMetalLogger;
import org.uma.jmetal.util.pseudorandom.JMetalRandom;

/**
 * NSGA-III (Deb &amp; Jain 2014) from jMetal, the many-objective sampler of docs/reference.md#hp-search (the reference uses Optuna's
 * NSGA-III seeded with the model seed). jMetal drives the search: its problem's {@code evaluate} runs one trial
 * through the {@link TrialFunction}, and the study's budget stops it by throwing {@link TrialBudgetExhausted}
 * from inside {@code evaluate}. Variables are the unit-cube coordinates of {@link ParameterEncoding}; operators
 * are jMetal's standard SBX crossover (p 0.9, eta 20) and polynomial mutation (p 1/d, eta 20) with binary
 * tournaments.
 *
 * <p>The population equals the number of Das-Dennis reference points for 4 objectives, rounded up to a multiple
 * of 4 (jMetal's rule); the number of divisions is the largest that keeps the population at most half the
 * budget (4 for budgets under 24, 12 under 40, 20 under 72, 36 under 112, ...), so that at least two generations
 * run - Optuna's default of 50 with 100 trials is the same ratio. jMetal's random source is a process-wide
 * singleton, so studies in one JVM must run one at a time (they do; parallel studies run in separate processes).
 */
public final class Nsga3Sampler implements Sampler {

    @Override
    public String name() {
        return "nsga3";
    }

    /** Das-Dennis divisions for this budget (see the class comment). */
    static int divisions(int budget) {
        int p = 1;
        while (population(p + 1) <= Math.max(4, budget / 2)) {
            p++;
        }
        return p;
    }

    /** The population jMetal's NSGA-III uses for this many divisions. */
    static int population(int divisions) {
        // Das-Dennis points for M = 4 objectives: C(p + 3, 3), rounded up to a multiple of 4 like jMetal.
        long points = (long) (divisions + 3) * (divisions + 2) * (divisions + 1) / 6;
        return (int) ((points + 3) / 4 * 4);
    }

    @Override
    public void run(TrialFunction trials, int dimensions, int budget, long seed) {
        if (dimensions == 0) {
            new RandomSampler().run(trials, 0, budget, seed); // nothing to search: repeat the only point
            return;
        }
        JMetalLogger.logger.setLevel(Level.WARNING);
        JMetalRandom.getInstance().setSeed(seed);
        UnitCubeProblem problem = new UnitCubeProblem(dimensions, trials);
        int divisions = divisions(budget);
        NSGAIII<DoubleSolution> algorithm = new NSGAIIIBuilder<>(problem)
                .setCrossoverOperator(new SBXCrossover(0.9, 20.0))
                .setMutationOperator(new PolynomialMutation(1.0 / dimensions, 20.0))
                .setSelectionOperator(new BinaryTournamentSelection<>())
                .setNumberOfDivisions(divisions)
                .setMaxIterations(Integer.MAX_VALUE) // the budget stops it
                .build();
        try {
            algorithm.run();
        } catch (TrialBudgetExhausted done) {
            // the study holds its trials
        }
    }

    /** [0, 1]^d with {@link TuningObjectives#COUNT} objectives, each evaluation one trial. */
    private static final class UnitCubeProblem extends AbstractDoubleProblem {
        private final transient TrialFunction trials;

        UnitCubeProblem(int dimensions, TrialFunction trials) {
            this.trials = trials;
            List<Double> low = new ArrayList<>();
            List<Double> high = new ArrayList<>();
            for (int i = 0; i < dimensions; i++) {
                low.add(0.0);
                high.add(1.0);
            }
            numberOfObjectives(TuningObjectives.COUNT);
            numberOfConstraints(0);
            name("unlearning-hyperparameters");
            variableBounds(low, high);
        }

        @Override
        public DoubleSolution evaluate(DoubleSolution solution) {
            double[] u = new double[solution.variables().size()];
            for (int i = 0; i < u.length; i++) {
                u[i] = solution.variables().get(i);
            }
            double[] objectives = trials.evaluate(u);
            for (int i = 0; i < u.length; i++) {
                solution.variables().set(i, u[i]); // a replayed trial brings back its logged point
            }
            System.arraycopy(objectives, 0, solution.objectives(), 0, objectives.length);
            return solution;
        }
    }
}
