package io.deepunlearn.core.metric;

import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.method.UnlearningData;
import io.deepunlearn.core.model.Network;
import java.util.EnumMap;
import java.util.Map;

/**
 * A model's predictions on the four evaluation splits (eval mode, plain transforms), the input of every
 * {@link Metric}. Population MIAs are computed once per held-out split and shared by the metrics that need them
 * (the T-MIA and its indiscernibility).
 */
public final class ModelPredictions {

    /** The evaluation splits. */
    public enum Split {
        RETAIN("D_r"), FORGET("D_f"), VAL("D_val"), TEST("D_test");

        private final String symbol;

        Split(String symbol) {
            this.symbol = symbol;
        }

        /** The docs' notation, e.g. D_r. */
        public String symbol() {
            return symbol;
        }
    }

    private final Map<Split, Predictions> predictions = new EnumMap<>(Split.class);
    private final Map<Split, MembershipInference.MiaResult> mias = new EnumMap<>(Split.class);

    public ModelPredictions(Predictions retain, Predictions forget, Predictions val, Predictions test) {
        predictions.put(Split.RETAIN, retain);
        predictions.put(Split.FORGET, forget);
        predictions.put(Split.VAL, val);
        predictions.put(Split.TEST, test);
    }

    /** Runs {@code net} over D_r, D_f, D_val and D_test. */
    public static ModelPredictions of(Network net, UnlearningData data, TensorDataset test) {
        return new ModelPredictions(Evaluator.predict(net, data.retain()), Evaluator.predict(net, data.forget()),
                Evaluator.predict(net, data.val()), Evaluator.predict(net, test));
    }

    public Predictions on(Split split) {
        return predictions.get(split);
    }

    /**
     * The population MIA of D_f against {@code heldOut} with {@link UnlearningEvaluation#MIA_SEED}, computed on
     * first use.
     */
    public MembershipInference.MiaResult mia(Split heldOut) {
        return mias.computeIfAbsent(heldOut, s -> MembershipInference.forgetVsHeldOut(on(Split.FORGET).losses(),
                on(s).losses(), UnlearningEvaluation.MIA_SEED));
    }
}
