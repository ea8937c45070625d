package io.deepunlearn.core.train;

import ai.djl.ndarray.NDArray;
import io.deepunlearn.core.engine.Scalars;

/** Loss functions with PyTorch's reductions. Inputs are logits (B, C) and int64 labels (B). */
public final class Losses {

    /** Smallest value used inside log(q) so that 0*log(0) = 0 (PyTorch's xlogy convention). */
    private static final float TINY = 1e-30f;

    private Losses() {
    }

    /** Per-sample cross-entropy (B). */
    public static NDArray perSampleCrossEntropy(NDArray logits, NDArray labels) {
        return logits.logSoftmax(1).gather(labels.reshape(-1, 1), 1).reshape(-1).neg();
    }

    /** Mean cross-entropy. */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        return perSampleCrossEntropy(logits, labels).mean();
    }

    /** F.kl_div(logInput, target, reduction="mean"): mean over all B*C elements of q*(log q - logInput). */
    public static NDArray klDivMean(NDArray logInput, NDArray target) {
        return klTerms(logInput, target).mean();
    }

    /** F.kl_div(..., reduction="batchmean"): sum over all elements divided by the batch size. */
    public static NDArray klDivBatchMean(NDArray logInput, NDArray target) {
        return klTerms(logInput, target).sum().div(Scalars.like(logInput, logInput.getShape().get(0)));
    }

    private static NDArray klTerms(NDArray logInput, NDArray target) {
        return target.mul(target.maximum(TINY).log().sub(logInput));
    }

    /** Soft-target cross-entropy: mean over the batch of -sum_c q_c log p_c. */
    public static NDArray softCrossEntropy(NDArray logits, NDArray targetProbs) {
        return targetProbs.mul(logits.logSoftmax(1)).sum(new int[] {1}).neg().mean();
    }

    /** Shannon entropy of softmax(logits) per sample (B). */
    public static NDArray entropy(NDArray logits) {
        NDArray logp = logits.logSoftmax(1);
        return logp.exp().mul(logp).sum(new int[] {1}).neg();
    }

    /** Sum over parameters of ||a - b||^2 (proximal terms). */
    public static NDArray squaredDistance(java.util.List<NDArray> a, java.util.List<NDArray> b) {
        NDArray total = null;
        for (int i = 0; i < a.size(); i++) {
            NDArray d = a.get(i).sub(b.get(i)).square().sum();
            total = total == null ? d : total.add(d);
        }
        return total;
    }
}
