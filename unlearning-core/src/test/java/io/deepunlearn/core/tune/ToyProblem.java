package io.deepunlearn.core.tune;

import io.deepunlearn.core.method.HyperParameters;
import io.deepunlearn.core.method.SearchSpace;
import io.deepunlearn.core.method.UnlearningContext;
import io.deepunlearn.core.method.UnlearningMethod;
import io.deepunlearn.core.model.Network;
import java.util.Map;

/**
 * A method whose "trial" is a closed-form function with a known optimum (lr = 1e-3, batch 128, 7 epochs, every
 * objective 0 there), so tuner tests run in milliseconds without training anything.
 */
final class ToyProblem implements UnlearningMethod, TrialEvaluator {

    int calls;

    @Override
    public String name() {
        return "FT"; // a registered name, so bench --tuned can resolve it
    }

    @Override
    public String referenceKey() {
        return "finetune";
    }

    @Override
    public HyperParameters defaults() {
        return HyperParameters.builder(name()).sgd(0.1, 0.9, 5e-4, 256, 5).build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        return new SearchSpace().logUniform("optimizer.learning_rate", 1e-5, 1e-1).fixed("optimizer.momentum", 0.9)
                .categorical("batch_size", 64, 128, 256).integer("num_epochs", 1, maxEpochs);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        throw new UnsupportedOperationException("toy");
    }

    @Override
    public Outcome evaluate(int seed, HyperParameters hp) {
        calls++;
        double lrGap = Math.abs(Math.log10(hp.getDouble("optimizer.learning_rate")) + 3) / 4;
        double epochGap = Math.abs(hp.getInt("num_epochs") - 7) / 36.0;
        double batchGap = hp.getInt("batch_size") == 128 ? 0 : 0.2;
        double momentumGap = Math.abs(hp.getDouble("optimizer.momentum") - 0.9);
        return new Outcome(new double[] {lrGap, epochGap, batchGap, momentumGap}, Map.of("calls", (double) calls));
    }
}
