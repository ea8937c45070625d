package io.deepunlearn.core.method;

import io.deepunlearn.core.model.Network;

/**
 * One machine-unlearning method: the extension point behind every row of the benchmark. Implementations are
 * small, stateless classes (one per method), registered in {@link Methods}.
 */
public interface UnlearningMethod {

    /** The reference's short name (docs/reference.md#methods): {@code FT}, {@code NG+}, {@code MSG}, {@code CF-k} ... */
    String name();

    /** The reference code's key ({@code finetune}, {@code kgltop2} ...). */
    String referenceKey();

    /** Defaults exactly as the reference gives them; every key can be overridden. */
    HyperParameters defaults();

    /** The tuner's search space; {@code maxEpochs} = E_max. */
    SearchSpace searchSpace(int maxEpochs);

    /**
     * Runs the method on {@code ctx.model()} (a copy of the original) and returns the unlearned network. The
     * caller times exactly this call (RTE) and closes the returned network.
     */
    Network unlearn(UnlearningContext ctx, HyperParameters hp);
}
