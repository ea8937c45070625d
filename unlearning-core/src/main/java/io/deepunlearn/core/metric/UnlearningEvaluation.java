package io.deepunlearn.core.metric;

import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.method.UnlearningData;
import io.deepunlearn.core.model.Network;

/**
 * Evaluates a model the benchmark's way (docs/reference.md#metrics): accuracies on D_r, D_f, D_val, D_test in eval mode with plain
 * transforms; the population MIA of D_f against D_test (reported T-MIA) and against D_val (HP objective);
 * indiscernibility of the T-MIA. The MIA uses seed 123, like the reference's setup_seed(123) before evaluation.
 */
public final class UnlearningEvaluation {

    public static final long MIA_SEED = 123;

    private UnlearningEvaluation() {
    }

    /** The evaluated figures of one model. */
    public record Scores(double retainAccuracy, double forgetAccuracy, double valAccuracy, double testAccuracy,
                         double testMia, double valMia, double indiscernibility) {
    }

    public static Scores evaluate(Network net, UnlearningData data, TensorDataset test) {
        Predictions retain = Evaluator.predict(net, data.retain());
        Predictions forget = Evaluator.predict(net, data.forget());
        Predictions val = Evaluator.predict(net, data.val());
        Predictions tst = Evaluator.predict(net, test);
        double testMia = MembershipInference.forgetVsHeldOut(forget.losses(), tst.losses(), MIA_SEED).accuracy();
        double valMia = MembershipInference.forgetVsHeldOut(forget.losses(), val.losses(), MIA_SEED).accuracy();
        return new Scores(retain.accuracy(), forget.accuracy(), val.accuracy(), tst.accuracy(), testMia, valMia,
                UnlearningScores.indiscernibility(testMia));
    }
}
