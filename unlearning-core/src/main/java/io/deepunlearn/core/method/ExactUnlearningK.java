package io.deepunlearn.core.method;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.model.BatchNorm2d;
import io.deepunlearn.core.model.Conv2d;
import io.deepunlearn.core.model.Init;
import io.deepunlearn.core.model.Layer;
import io.deepunlearn.core.model.LayerNorm;
import io.deepunlearn.core.model.Linear;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.WindowAttention;
import java.util.List;

/**
 * EU-k, exact unlearning of the last k blocks (docs/reference.md#euk, {@code exact_unlearning_k.py}): CF-k, except that the
 * last k blocks and the classifier are first re-initialised (conv Kaiming-uniform fan_out with bias 0, BN weight
 * 1 / bias 0 with running statistics kept, Linear Xavier-uniform with bias 0), and D_r is augmented. The L2 pull
 * of {@link LastBlocksFinetuning} anchors on the re-initialised weights, as the reference copies the model after
 * re-initialising. Training runs in eval mode, so the kept running statistics are used as they are.
 *
 * <p>Blocks map as in {@link CatastrophicForgettingK}. Only Conv2d, BatchNorm2d and Linear layers are
 * re-initialised: the reference applies {@code init_weights}, which matches no other module type, so on TinyViT
 * the LayerNorms and the attention biases ({@link WindowAttention}) inside the reset blocks keep their trained
 * values (as in the reference). Any other layer type is rejected, so a new architecture has to decide.
 * {@code training_epoch_factor} is unused, kept for search-space parity. The engine generator is seeded with the
 * context seed so the re-initialisation repeats.
 */
public final class ExactUnlearningK implements UnlearningMethod {

    @Override
    public String name() {
        return "EU-k";
    }

    @Override
    public String referenceKey() {
        return "euk";
    }

    @Override
    public HyperParameters defaults() {
        return LastBlocksFinetuning.defaults(name()).put("training_epoch_factor", 10).build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        return LastBlocksFinetuning.searchSpace(maxEpochs).integer("training_epoch_factor", 1, 10);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        Network net = ctx.model();
        int k = HpChecks.atLeast(hp, "k", 1);
        List<String> prefixes = NetworkParts.lastBlocksAndClassifier(net, k);
        Engine.getInstance().setRandomSeed(ctx.seed());
        reinitialise(NetworkParts.layersUnder(net, prefixes));
        Loader augmented = new Loader(ctx.data().retain(), hp.getInt("batch_size"), true, true, ctx.seed());
        return LastBlocksFinetuning.train(net, prefixes, augmented, hp);
    }

    /** The reference's {@code init_weights} applied to each layer (LayerNorm and attention biases kept). */
    static void reinitialise(List<Layer> layers) {
        for (Layer layer : layers) {
            if (layer instanceof Conv2d c) {
                NDManager m = c.weight().value().getManager();
                NetworkParts.replace(c.weight(), Init.kaimingUniformFanOut(m, c.weight().shape()));
                if (c.bias() != null) {
                    NetworkParts.replace(c.bias(), m.zeros(c.bias().shape()));
                }
            } else if (layer instanceof BatchNorm2d bn) {
                bn.resetParameters();
            } else if (layer instanceof Linear l) {
                NDManager m = l.weight().value().getManager();
                NetworkParts.replace(l.weight(), Init.xavierUniform(m, l.weight().shape()));
                NetworkParts.replace(l.bias(), m.zeros(l.bias().shape()));
            } else if (!(layer instanceof LayerNorm) && !(layer instanceof WindowAttention)) {
                throw new IllegalStateException("EU-k cannot re-initialise " + layer.getClass().getSimpleName()
                        + " " + layer.prefix());
            }
        }
    }
}
