package io.deepunlearn.core.method;

import ai.djl.engine.Engine;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.metric.Evaluator;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import io.deepunlearn.core.train.Sgd;
import io.deepunlearn.core.train.Trainer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * RNI, Kaggle 7th place (docs/reference.md#rni, {@code kgltop7.py}): reset the classifier, then for each epoch ep of E:
 * <ul>
 *   <li>fine phase (ep >= E - E_fine): every parameter trains, with a fresh SGD at the fine lr of that epoch
 *       ({@code fine_optimizer.learning_rate}, a per-fine-epoch list or a single value) and the fine weight
 *       decay; no noise;</li>
 *   <li>otherwise: 9 random non-bn parameters plus every "bn" parameter train (the rest are frozen); from
 *       ep >= E_reset on, floor(rho * 9) of the 9 get sigma * N(0, 1) added, skipping any selected in an earlier
 *       epoch (the reference's already-selected list; that it also holds bn keys changes nothing, since bn keys are
 *       never noised); a fresh SGD (generic lr, momentum, wd) resets momentum every epoch;</li>
 *   <li>one epoch of CE on D_r (train mode, no scheduler), then the validation accuracy, reported to the
 *       progress listener only.</li>
 * </ul>
 * "bn" keys are parameter names containing "bn": on ResNet-18 the downsample BN ({@code layerN.0.downsample.1.*})
 * is non-bn, as in the reference; on small-cnn {@code blockN.bn.*} are bn keys; on TinyViT the BN of every
 * Conv2d_BN ({@code *.bn.*}) is a bn key, and its convs, LayerNorms ({@code norm}, not "bn"), Linear layers and
 * attention biases are the non-bn keys the 9 are drawn from. Deviations: where fewer than
 * floor(rho * 9) non-bn parameters exist (small-cnn has 5) all selected ones are noise candidates (the reference's
 * {@code np.random.choice} would raise); both momenta are {@code optimizer.momentum}; the network is returned with
 * every parameter trainable. Key choice uses {@code java.util.Random(seed)}, noise the seeded engine generator.
 */
public final class ResetNoiseInjection implements UnlearningMethod {

    /** Non-bn parameters trained per non-fine epoch ({@code layer_select}). */
    static final int LAYER_SELECT = 9;

    @Override
    public String name() {
        return "RNI";
    }

    @Override
    public String referenceKey() {
        return "kgltop7";
    }

    @Override
    public HyperParameters defaults() {
        return HyperParameters.builder(name()).sgd(2e-4, 0.9, 5e-4, 64, 9)
                .put("num_fine_epochs", 4)
                .put("num_reset_epochs", 1)
                .put("fine_optimizer.learning_rate", List.of(2e-4, 2e-4, 2e-4, 1e-3, 1e-3, 1e-4))
                .put("fine_optimizer.weight_decay", 5e-4)
                .put("rho", 0.7)
                .put("sigma", 0.04)
                .build();
    }

    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        int max = Math.max(1, maxEpochs);
        return SearchSpace.generic(maxEpochs)
                .integer("num_fine_epochs", 1, max)
                .logUniform("fine_optimizer.learning_rate", 1e-5, 1e-1)
                .logUniform("fine_optimizer.weight_decay", 1e-5, 1e-1)
                .integer("num_reset_epochs", 1, max)
                .uniform("rho", 0, 1)
                .uniform("sigma", 0, 1);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        Network net = ctx.model();
        int epochs = HpChecks.atLeast(hp, "num_epochs", 0);
        int fineEpochs = HpChecks.atLeast(hp, "num_fine_epochs", 0);
        int resetEpochs = HpChecks.atLeast(hp, "num_reset_epochs", 0);
        double rho = HpChecks.unitInterval(hp, "rho");
        double sigma = HpChecks.nonNegative(hp, "sigma");
        List<Double> fineLr = hp.getDoubleList("fine_optimizer.learning_rate");
        if (epochs > 0 && fineEpochs > 0) {
            fineLearningRate(fineLr, epochs - 1, epochs, fineEpochs);
        }
        double momentum = hp.getDouble("optimizer.momentum");
        Engine.getInstance().setRandomSeed(ctx.seed());
        net.layer(net.classifier()).resetParameters();
        List<Param> params = net.parameters();
        KeySchedule schedule = new KeySchedule(params.stream().map(Param::name).toList(), epochs, fineEpochs,
                resetEpochs, rho, new Random(ctx.seed()));
        Loader retain = RetainTraining.retainLoader(ctx, hp);
        ctx.progress().start("RNI", epochs);
        try {
            for (int ep = 0; ep < epochs; ep++) {
                EpochPlan plan = schedule.next(ep);
                params.forEach(p -> p.setTrainable(plan.trainable().contains(p.name())));
                plan.noised().forEach(name -> NetworkParts.addGaussianNoise(net.param(name), sigma));
                Sgd sgd = plan.fine()
                        ? new Sgd(params, fineLearningRate(fineLr, ep, epochs, fineEpochs), momentum,
                                hp.getDouble("fine_optimizer.weight_decay"))
                        : RetainTraining.genericSgd(net, hp);
                Trainer.epoch(net, retain, ep, sgd, RetainTraining.crossEntropy(net));
                if (ctx.data().val().size() > 0) {
                    double valAccuracy = Evaluator.accuracy(net, ctx.data().val());
                    ctx.progress().step(ep + 1, String.format("epoch %d/%d val acc %.4f", ep + 1, epochs, valAccuracy));
                }
            }
        } finally {
            net.setAllTrainable(true);
        }
        ctx.progress().finish("RNI done");
        return net;
    }

    /** The fine lr of epoch ep: a single value, or the list's entry ep - (E - E_fine). */
    static double fineLearningRate(List<Double> fineLr, int ep, int epochs, int fineEpochs) {
        if (fineLr.size() == 1) {
            return fineLr.get(0);
        }
        int index = ep - epochs + fineEpochs;
        if (index < 0 || index >= fineLr.size()) {
            throw new IllegalArgumentException("RNI.fine_optimizer.learning_rate has " + fineLr.size()
                    + " entries but fine epoch " + index + " needs one (num_fine_epochs = " + fineEpochs + ")");
        }
        return fineLr.get(index);
    }

    static boolean isBnKey(String name) {
        return name.contains("bn");
    }

    /** One epoch's decision: whether it is a fine epoch, what trains, and what gets noise first. */
    record EpochPlan(boolean fine, Set<String> trainable, List<String> noised) {
    }

    /** The reference's key selection, epoch after epoch (it remembers every key selected so far). */
    static final class KeySchedule {
        private final List<String> keys;
        private final List<String> nonBn = new ArrayList<>();
        private final List<String> bn = new ArrayList<>();
        private final int epochs;
        private final int fineEpochs;
        private final int resetEpochs;
        private final int noiseCount;
        private final Random rnd;
        private final Set<String> alreadySelected = new HashSet<>();

        KeySchedule(List<String> keys, int epochs, int fineEpochs, int resetEpochs, double rho, Random rnd) {
            this.keys = List.copyOf(keys);
            for (String k : keys) {
                (isBnKey(k) ? bn : nonBn).add(k);
            }
            this.epochs = epochs;
            this.fineEpochs = fineEpochs;
            this.resetEpochs = resetEpochs;
            this.noiseCount = (int) (rho * LAYER_SELECT);
            this.rnd = rnd;
        }

        EpochPlan next(int ep) {
            if (ep >= epochs - fineEpochs) {
                alreadySelected.addAll(keys);
                return new EpochPlan(true, new TreeSet<>(keys), List.of());
            }
            List<String> chosen = sample(nonBn, Math.min(LAYER_SELECT, nonBn.size()));
            Set<String> trainable = new TreeSet<>(chosen);
            trainable.addAll(bn);
            List<String> noised = new ArrayList<>();
            if (ep >= resetEpochs) {
                for (String k : sample(new ArrayList<>(new TreeSet<>(chosen)), Math.min(noiseCount, chosen.size()))) {
                    if (!alreadySelected.contains(k)) {
                        noised.add(k);
                    }
                }
                Collections.sort(noised);
            }
            alreadySelected.addAll(trainable);
            return new EpochPlan(false, trainable, noised);
        }

        /** {@code count} distinct elements of {@code from}, uniformly (np.random.choice without replacement). */
        private List<String> sample(List<String> from, int count) {
            List<String> copy = new ArrayList<>(from);
            Collections.shuffle(copy, rnd);
            return copy.subList(0, count);
        }
    }
}
