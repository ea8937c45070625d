package io.deepunlearn.core.metric;

import org.apache.commons.math3.analysis.MultivariateFunction;
import org.apache.commons.math3.analysis.MultivariateVectorFunction;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimplePointChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.apache.commons.math3.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

/**
 * Binary logistic regression with scikit-learn's default objective: minimise
 * 1/2 ||w||^2 + C * sum_i logloss(y_i, w.x_i + b), with the intercept b not penalised (C = 1 by default).
 * The optimisation itself is Apache Commons Math's non-linear conjugate-gradient optimiser (Polak-Ribière) on
 * the exact objective and gradient, instead of sklearn's lbfgs; both converge to the same unique optimum.
 */
public final class LogisticRegression {

    private final double[] weights;
    private final double intercept;

    private LogisticRegression(double[] weights, double intercept) {
        this.weights = weights;
        this.intercept = intercept;
    }

    /** Fits on rows {@code x} (n x d) and labels {@code y} in {0, 1}. */
    public static LogisticRegression fit(double[][] x, int[] y, double c) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("need as many labels as rows, and at least one row");
        }
        int d = x[0].length;
        MultivariateFunction f = theta -> {
            double loss = 0;
            for (int j = 0; j < d; j++) {
                loss += 0.5 * theta[j] * theta[j];
            }
            double sum = 0;
            for (int i = 0; i < x.length; i++) {
                double z = margin(theta, x[i], d);
                sum += logLoss(z, y[i]);
            }
            return loss + c * sum;
        };
        MultivariateVectorFunction grad = theta -> {
            double[] g = new double[d + 1];
            for (int j = 0; j < d; j++) {
                g[j] = theta[j];
            }
            for (int i = 0; i < x.length; i++) {
                double r = c * (sigmoid(margin(theta, x[i], d)) - y[i]);
                for (int j = 0; j < d; j++) {
                    g[j] += r * x[i][j];
                }
                g[d] += r;
            }
            return g;
        };
        NonLinearConjugateGradientOptimizer opt = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE, new SimplePointChecker<>(1e-10, 1e-12),
                1e-10, 1e-12, 1.0);
        PointValuePair best = opt.optimize(new MaxEval(20_000), new ObjectiveFunction(f),
                new ObjectiveFunctionGradient(grad), GoalType.MINIMIZE, new InitialGuess(new double[d + 1]));
        double[] theta = best.getPoint();
        return new LogisticRegression(java.util.Arrays.copyOf(theta, d), theta[d]);
    }

    private static double margin(double[] theta, double[] xi, int d) {
        double z = theta[d];
        for (int j = 0; j < d; j++) {
            z += theta[j] * xi[j];
        }
        return z;
    }

    /** -log p(y | z), computed without overflow. */
    private static double logLoss(double z, int y) {
        double s = y == 1 ? -z : z;
        return s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    public double[] weights() {
        return weights.clone();
    }

    public double intercept() {
        return intercept;
    }

    public double probability(double[] xi) {
        double z = intercept;
        for (int j = 0; j < weights.length; j++) {
            z += weights[j] * xi[j];
        }
        return sigmoid(z);
    }

    public int predict(double[] xi) {
        return probability(xi) > 0.5 ? 1 : 0;
    }
}
