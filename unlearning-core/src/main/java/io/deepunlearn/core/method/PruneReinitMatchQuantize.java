package io.deepunlearn.core.method;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.model.Conv2d;
import io.deepunlearn.core.model.Init;
import io.deepunlearn.core.model.Layer;
import io.deepunlearn.core.model.Linear;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import io.deepunlearn.core.train.Losses;
import io.deepunlearn.core.train.Sgd;
import io.deepunlearn.core.train.Trainer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * PRMQ, Kaggle 4th place (docs/reference.md#prmq, {@code kgltop4.py}; "Prune, Retrain/Reinitialise, Match, Quantize"):
 * <ol>
 *   <li>teacher = frozen eval-mode copy of the original; class weights n_k^-0.1 from D_r;</li>
 *   <li>global L1 unstructured pruning over all Conv2d and Linear weights and biases jointly: exactly
 *       round(prune_amount * N) entries with the smallest |value| become 0 (torch's count and tie rule);</li>
 *   <li>zeroed weights (not biases) are redrawn from U(-sqrt(k), sqrt(k)), k = 1/fan_in (c_in*kh*kw for conv,
 *       in_features for Linear), i.e. PyTorch's default-init bound;</li>
 *   <li>floor(|D_r loader| * E) + 1 SGD steps on D_r (E a float; the loader restarts as needed), loss = class-
 *       weighted CE + MSE between the per-sample entropies of softmax(student) and softmax(teacher), train mode;</li>
 *   <li>every tensor (buffers included, as {@code net.to(torch.half)}) goes to fp16 and back to fp32.</li>
 * </ol>
 * Works on any architecture (all Conv2d and Linear layers, whatever their names; on TinyViT qkv, proj, fc1, fc2
 * and head are pruned with the convs, while LayerNorms and attention biases are only quantised, as the reference's
 * {@code isinstance(m, (nn.Conv2d, nn.Linear))}). The engine generator is seeded
 * with the context seed (re-initialisation).
 */
public final class PruneReinitMatchQuantize implements UnlearningMethod {

    static final double CLASS_WEIGHT_EXPONENT = -0.1;

    @Override
    public String name() {
        return "PRMQ";
    }

    @Override
    public String referenceKey() {
        return "kgltop4";
    }

    @Override
    public HyperParameters defaults() {
        return HyperParameters.builder(name()).sgd(5e-4, 0.9, 5e-4, 64, 3)
                .put("num_epochs", 3.2)
                .put("prune_amount", 0.99)
                .build();
    }

    /** The generic space with E a float in [1, E_max], plus the prune fraction in [0, 1]. */
    @Override
    public SearchSpace searchSpace(int maxEpochs) {
        return new SearchSpace()
                .logUniform("optimizer.learning_rate", 1e-5, 1e-1)
                .fixed("optimizer.momentum", 0.9)
                .logUniform("optimizer.weight_decay", 1e-5, 1e-1)
                .categorical("batch_size", 64, 128, 256)
                .uniform("num_epochs", 1, Math.max(1, maxEpochs))
                .uniform("prune_amount", 0, 1);
    }

    @Override
    public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
        Network net = ctx.model();
        double amount = HpChecks.unitInterval(hp, "prune_amount");
        double epochs = HpChecks.nonNegative(hp, "num_epochs");
        Loader retain = RetainTraining.retainLoader(ctx, hp);
        long steps = (long) Math.floor(retain.batchesPerEpoch() * epochs) + 1;
        float[] weights = ClassWeights.power(ClassWeights.counts(ctx.data().retain(), net.spec().numClasses()),
                CLASS_WEIGHT_EXPONENT);
        try (Network teacher = net.copy(); NDManager scope = net.manager().newSubManager()) {
            teacher.setAllTrainable(false);
            Engine.getInstance().setRandomSeed(ctx.seed());
            globalL1Prune(prunableTensors(net), amount);
            reinitialisePrunedWeights(net);
            NDArray classWeights = scope.create(weights);
            Sgd sgd = RetainTraining.genericSgd(net, hp);
            Iterator<Batch> batches = retain.cycle(scope);
            for (long i = 0; i < steps; i++) {
                try (NDManager step = scope.newSubManager()) {
                    Batch b = batches.next();
                    b.x().attach(step);
                    b.y().attach(step);
                    Trainer.step(sgd, batch -> matchLoss(net.forward(batch.x(), true),
                            teacher.forward(batch.x(), false), batch.y(), classWeights), b);
                }
            }
        }
        halfPrecisionRoundTrip(net);
        return net;
    }

    /** Class-weighted CE + MSE between the per-sample entropies of the student's and the teacher's softmax. */
    static NDArray matchLoss(NDArray student, NDArray teacher, NDArray labels, NDArray classWeights) {
        NDArray entropyGap = Losses.entropy(student).sub(Losses.entropy(teacher));
        return ClassWeights.weightedCrossEntropy(student, labels, classWeights).add(entropyGap.square().mean());
    }

    /** Weights and biases of every Conv2d and Linear layer, in module order. */
    static List<Param> prunableTensors(Network net) {
        List<Param> out = new ArrayList<>();
        for (Layer l : net.layers().values()) {
            if (l instanceof Conv2d || l instanceof Linear) {
                out.addAll(l.params());
            }
        }
        return out;
    }

    /** Zeroes exactly round(amount * N) of the N entries of {@code tensors}, those with the smallest |value|. */
    static long globalL1Prune(List<Param> tensors, double amount) {
        if (tensors.isEmpty()) {
            return 0;
        }
        NDManager owner = tensors.get(0).value().getManager();
        try (NDManager scope = owner.newSubManager()) {
            NDList magnitudes = new NDList();
            long n = 0;
            for (Param p : tensors) {
                NDArray m = p.value().abs().reshape(-1);
                m.attach(scope);
                magnitudes.add(m);
                n += p.numel();
            }
            NDArray all = NDArrays.concat(magnitudes);
            all.attach(scope);
            long k = Masks.pythonRound(amount, n);
            NDArray pruned = Masks.smallest(all, k, scope);
            long offset = 0;
            for (Param p : tensors) {
                NDArray keep = pruned.get(new NDIndex("{}:{}", offset, offset + p.numel())).neg().add(1f)
                        .reshape(p.shape());
                keep.attach(scope);
                NetworkParts.replace(p, p.value().mul(keep));
                offset += p.numel();
            }
            return k;
        }
    }

    /** Redraws every zero entry of the Conv2d and Linear weights from U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    static void reinitialisePrunedWeights(Network net) {
        for (Layer l : net.layers().values()) {
            Param w = l instanceof Conv2d c ? c.weight() : l instanceof Linear lin ? lin.weight() : null;
            if (w == null) {
                continue;
            }
            try (NDManager scope = w.value().getManager().newSubManager()) {
                NDArray zero = w.value().eq(0);
                zero.attach(scope);
                NDArray fresh = Init.torchDefault(scope, w.shape(), w.shape());
                NDArray mixed = NDArrays.where(zero, fresh, w.value());
                mixed.attach(scope);
                w.set(mixed);
            }
        }
    }

    /** Casts every float32 tensor (parameters and buffers) to fp16 and back. */
    static void halfPrecisionRoundTrip(Network net) {
        for (Param p : net.tensors().values()) {
            if (p.value().getDataType() != DataType.FLOAT32) {
                continue;
            }
            try (NDArray half = p.value().toType(DataType.FLOAT16, true);
                 NDArray back = half.toType(DataType.FLOAT32, true)) {
                p.set(back);
            }
        }
    }
}
