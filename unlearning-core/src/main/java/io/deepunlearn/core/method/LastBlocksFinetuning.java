package io.deepunlearn.core.method;

import io.deepunlearn.core.engine.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import io.deepunlearn.core.train.Losses;
import io.deepunlearn.core.train.LrSchedules;
import io.deepunlearn.core.train.Sgd;
import io.deepunlearn.core.train.Trainer;
import java.util.ArrayList;
import java.util.List;

/**
 * The fine-tuning shared by CF-k and EU-k ({@code scrub_utils.fk_finetune}, docs/reference.md#cfk): only the last k blocks
 * and the classifier train; loss = CE + (lambda/2) * ||theta - theta_0||^2 over the trainable parameters, with
 * theta_0 their values when training starts; plain SGD (no momentum, no weight decay); multi-step LR decay at
 * floor(0.5E), floor(0.8E), floor(0.9E); the model runs in eval mode (BN running statistics frozen).
 */
final class LastBlocksFinetuning {

    private LastBlocksFinetuning() {
    }

    /**
     * Defaults shared by CF-k and EU-k: k 1, lr 0.01, lambda ({@code sgda_weight_decay}) 0.1, decay rate 0.1,
     * 10 epochs, batch 256. {@code optimizer.momentum}, {@code optimizer.weight_decay} and
     * {@code sgda_learning_rate} are kept for key parity but unused (the reference trains with plain SGD).
     */
    static HyperParameters.Builder defaults(String method) {
        return HyperParameters.builder(method).sgd(0.01, 0.9, 0.0, 256, 10)
                .put("k", 1)
                .put("sgda_weight_decay", 0.1)
                .put("sgda_decay_rate", 0.1)
                .put("sgda_learning_rate", 5e-4);
    }

    /** The reference's space: epochs, batch, lr, lambda, decay rate in [0, 1], k in [1, 10], the unused SGDA lr. */
    static SearchSpace searchSpace(int maxEpochs) {
        return new SearchSpace()
                .integer("num_epochs", 1, Math.max(1, maxEpochs))
                .categorical("batch_size", 64, 128, 256)
                .uniform("sgda_decay_rate", 0, 1)
                .logUniform("sgda_learning_rate", 1e-5, 1e-1)
                .logUniform("sgda_weight_decay", 1e-5, 1e-1)
                .logUniform("optimizer.learning_rate", 1e-5, 1e-1)
                .fixed("optimizer.momentum", 0.9)
                .integer("k", 1, 10);
    }

    /** Freezes everything but {@code prefixes}, trains them on {@code retain}, then unfreezes the whole network. */
    static Network train(Network net, List<String> prefixes, Loader retain, HyperParameters hp) {
        int epochs = HpChecks.atLeast(hp, "num_epochs", 0);
        double lr = HpChecks.nonNegative(hp, "optimizer.learning_rate");
        double lambda = HpChecks.nonNegative(hp, "sgda_weight_decay");
        double decay = HpChecks.nonNegative(hp, "sgda_decay_rate");
        net.setAllTrainable(false);
        List<Param> trainable = NetworkParts.parametersUnder(net, prefixes);
        trainable.forEach(p -> p.setTrainable(true));
        int[] milestones = LrSchedules.scrubMilestones(epochs);
        Sgd sgd = new Sgd(trainable, lr, 0, 0);
        try (NDManager anchorScope = net.manager().newSubManager()) {
            List<NDArray> anchor = new ArrayList<>();
            for (Param p : trainable) {
                NDArray copy = p.value().duplicate();
                copy.attach(anchorScope);
                anchor.add(copy);
            }
            for (int e = 0; e < epochs; e++) {
                sgd.setLearningRate(LrSchedules.multiStep(lr, e, milestones, decay));
                Trainer.epoch(net, retain, e, sgd, b -> {
                    NDArray loss = Losses.crossEntropy(net.forward(b.x(), false), b.y());
                    if (lambda == 0) {
                        return loss;
                    }
                    return loss.add(Scalars.mul(proximal(trainable, anchor, b.x().getManager()), lambda / 2));
                });
            }
        } finally {
            net.setAllTrainable(true);
        }
        return net;
    }

    /**
     * sum ||p - p0||^2, built in {@code step} (an op's result lives in its first operand's manager, which for
     * {@code p - p0} would be the network's: a leak per step).
     */
    static NDArray proximal(List<Param> params, List<NDArray> anchor, NDManager step) {
        NDArray total = step.zeros(new Shape());
        for (int i = 0; i < params.size(); i++) {
            NDArray diff = params.get(i).value().sub(anchor.get(i));
            diff.attach(step);
            total = total.add(diff.square().sum());
        }
        return total;
    }
}
