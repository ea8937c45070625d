package io.deepunlearn.core.method;

import ai.djl.ndarray.NDArray;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.train.Losses;

/**
 * Per-class loss weights computed from D_r's label counts (CFW, PRMQ). Classes absent from D_r get weight 0:
 * no batch of D_r can contain them.
 */
final class ClassWeights {

    private ClassWeights() {
    }

    static long[] counts(TensorDataset data, int numClasses) {
        long[] counts = new long[numClasses];
        for (int i = 0; i < data.size(); i++) {
            int y = data.label(i);
            if (y < 0 || y >= numClasses) {
                throw new IllegalArgumentException("label " + y + " outside [0, " + numClasses + ")");
            }
            counts[y]++;
        }
        return counts;
    }

    /**
     * sklearn's {@code compute_class_weight("balanced", classes=np.unique(y), y)}: n / (C * n_k), where C counts
     * the classes present (as the reference passes {@code np.unique(targets)}).
     */
    static float[] balanced(long[] counts) {
        long n = 0;
        int present = 0;
        for (long c : counts) {
            n += c;
            present += c > 0 ? 1 : 0;
        }
        float[] w = new float[counts.length];
        for (int k = 0; k < counts.length; k++) {
            w[k] = counts[k] == 0 ? 0f : (float) ((double) n / ((double) present * counts[k]));
        }
        return w;
    }

    /** n_k^exponent (PRMQ uses n_k^-0.1). */
    static float[] power(long[] counts, double exponent) {
        float[] w = new float[counts.length];
        for (int k = 0; k < counts.length; k++) {
            w[k] = counts[k] == 0 ? 0f : (float) Math.pow(counts[k], exponent);
        }
        return w;
    }

    /** The weight of each sample's class (B), in the labels' (per-step) manager. */
    static NDArray perSample(NDArray classWeights, NDArray labels) {
        NDArray w = classWeights.gather(labels, 0);
        w.attach(labels.getManager());
        return w;
    }

    /** {@code F.cross_entropy(logits, y, weight=w)} with mean reduction: sum_i w_yi * ce_i / sum_i w_yi. */
    static NDArray weightedCrossEntropy(NDArray logits, NDArray labels, NDArray classWeights) {
        NDArray w = perSample(classWeights, labels);
        return Losses.perSampleCrossEntropy(logits, labels).mul(w).sum().div(w.sum());
    }
}
