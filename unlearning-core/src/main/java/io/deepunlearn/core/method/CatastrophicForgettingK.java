package io.deepunlearn.core.method;

import io.deepunlearn.core.model.Network;

/**
 * CF-k, catastrophic forgetting of the last k blocks (docs/reference.md#cfk, {@code catastrophic_forgetting_k.py}): freeze
 * everything, unfreeze the last k blocks plus the classifier, fine-tune on D_r with CE + an L2 pull towards the
 * starting weights, plain SGD with multi-step decay, model in eval mode (see {@link LastBlocksFinetuning}).
 *
 * <p>Blocks are {@link Network#blocks()}: ResNet-18 {@code layer1..layer4}, small-cnn {@code block1..block3},
 * TinyViT the attention stages {@code layers.1..layers.3} (each with its downsample; the reference's
 * {@code BasicLayer}s, so the MBConv stage {@code layers.0} is never a block); k at or above the number of blocks
 * trains every block (the stem, and on TinyViT {@code layers.0} and {@code norm_head}, stay frozen). The unused reference HPs
 * ({@code optimizer.momentum}, {@code sgda_learning_rate}) are kept for search-space parity. Deviation: the
 * network is returned with every parameter trainable again (the reference leaves the frozen flags set).
 */
public final class CatastrophicForgettingK implements UnlearningMethod {

    @Override
    public String name() {
        return "CF-k";
    }

    @Override
    public String referenceKey() {
        return "cfk";
    }

    @Override
    public HyperParameters defaults() {
        return LastBlocksFinetuning.defaults(name()).build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        return LastBlocksFinetuning.searchSpace(maxEpochs);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        Network net = ctx.model();
        int k = HpChecks.atLeast(hp, "k", 1);
        return LastBlocksFinetuning.train(net, NetworkParts.lastBlocksAndClassifier(net, k),
                RetainTraining.retainLoader(ctx, hp), hp);
    }
}
