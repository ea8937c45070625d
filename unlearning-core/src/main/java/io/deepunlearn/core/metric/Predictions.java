package io.deepunlearn.core.metric;

/**
 * A model's outputs on a dataset, row-major logits (N x C) plus labels: the input to every metric
 * (accuracy, per-sample losses for the MIA, confidences for U-LiRA).
 */
public record Predictions(float[] logits, int[] labels, int numClasses) {

    public int size() {
        return labels.length;
    }

    public int predicted(int i) {
        int best = 0;
        int off = i * numClasses;
        for (int c = 1; c < numClasses; c++) {
            if (logits[off + c] > logits[off + best]) {
                best = c;
            }
        }
        return best;
    }

    /** Fraction of argmax predictions equal to the label (NaN for an empty set). */
    public double accuracy() {
        if (size() == 0) {
            return Double.NaN;
        }
        int hit = 0;
        for (int i = 0; i < size(); i++) {
            if (predicted(i) == labels[i]) {
                hit++;
            }
        }
        return (double) hit / size();
    }

    /** log-sum-exp of row i, computed stably. */
    private double logSumExp(int i) {
        int off = i * numClasses;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < numClasses; c++) {
            max = Math.max(max, logits[off + c]);
        }
        double s = 0;
        for (int c = 0; c < numClasses; c++) {
            s += Math.exp(logits[off + c] - max);
        }
        return max + Math.log(s);
    }

    /** Per-sample cross-entropy -log p_y (the population MIA's feature). */
    public double[] losses() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = logSumExp(i) - logits[i * numClasses + labels[i]];
        }
        return out;
    }

    /** Softmax probabilities of row i. */
    public double[] softmax(int i) {
        double lse = logSumExp(i);
        double[] p = new double[numClasses];
        for (int c = 0; c < numClasses; c++) {
            p[c] = Math.exp(logits[i * numClasses + c] - lse);
        }
        return p;
    }

    /** Probability of the true class per sample. */
    public double[] trueClassProbabilities() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.exp(-(logSumExp(i) - logits[i * numClasses + labels[i]]));
        }
        return out;
    }

    /**
     * Logit-scaled confidence log(p_y / (1 - p_y)) per sample (LiRA's statistic), computed stably as
     * z_y - log(sum_{c != y} exp z_c).
     */
    public double[] logitScaledConfidences() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            int off = i * numClasses;
            int y = labels[i];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < numClasses; c++) {
                if (c != y) {
                    max = Math.max(max, logits[off + c]);
                }
            }
            double s = 0;
            for (int c = 0; c < numClasses; c++) {
                if (c != y) {
                    s += Math.exp(logits[off + c] - max);
                }
            }
            out[i] = logits[off + y] - (max + Math.log(s));
        }
        return out;
    }

    /** 1 where the prediction is correct, else 0 (the reference code's LiRA statistic). */
    public double[] correctness() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = predicted(i) == labels[i] ? 1 : 0;
        }
        return out;
    }
}
