package io.deepunlearn.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.deepunlearn.core.data.Batch;
import io.deepunlearn.core.data.Loader;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import io.deepunlearn.core.train.BatchLoss;
import io.deepunlearn.core.train.Gradients;
import java.util.List;
import java.util.Map;

/**
 * Loss gradients read without updating the model (SalUn's saliency, FF's Fisher diagonal, IU's gradient sums),
 * and flat-vector views of the parameters for IU's WoodFisher algebra.
 */
final class GradientSums {

    private GradientSums() {
    }

    /** The model's trainable parameters in registration order: the layout of every flat vector. */
    static List<Param> trainable(Network net) {
        return net.parameters().stream().filter(Param::trainable).toList();
    }

    /** One backward pass of {@code loss} on {@code batch}; gradients add onto whatever the parameters hold. */
    static void backward(BatchLoss loss, Batch batch) {
        try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
            gc.backward(loss.apply(batch));
        }
    }

    /**
     * The sum over all batches of {@code loader} (epoch 0) of the gradient of {@code loss}, per parameter name, as
     * copies living in {@code out}. The model's own gradients are zero before and after.
     */
    static Map<String, NDArray> sum(Network net, Loader loader, BatchLoss loss, NDManager out) {
        List<Param> params = trainable(net);
        Gradients.zero(params);
        Batches.forEach(net.manager(), loader, 0, b -> backward(loss, b));
        Map<String, NDArray> sums = Gradients.snapshot(params, out);
        Gradients.zero(params);
        return sums;
    }

    /** Concatenates per-parameter arrays into one flat vector (in {@code out}), in {@code params} order. */
    static NDArray flatten(List<Param> params, Map<String, NDArray> perParam, NDManager out) {
        try (NDManager tmp = out.newSubManager()) {
            NDList parts = new NDList();
            for (Param p : params) {
                NDArray a = perParam.get(p.name());
                if (a == null) {
                    throw new IllegalStateException("no gradient for " + p.name());
                }
                parts.add(a.reshape(-1));
            }
            NDArray flat = NDArrays.concat(parts);
            flat.attach(out);
            parts.forEach(a -> a.attach(tmp));
            return flat;
        }
    }

    /** The current gradient of {@code params} as one flat vector in {@code out}. */
    static NDArray flatGradient(List<Param> params, NDManager out) {
        try (NDManager tmp = out.newSubManager()) {
            Map<String, NDArray> copies = Gradients.snapshot(params, tmp);
            return flatten(params, copies, out);
        }
    }

    /** theta += scale * flat, slicing {@code flat} in {@code params} order (in place, outside any collector). */
    static void addToParams(List<Param> params, NDArray flat, double scale) {
        long expected = params.stream().mapToLong(Param::numel).sum();
        if (flat.size() != expected) {
            throw new IllegalArgumentException("flat vector has " + flat.size() + " values, parameters " + expected);
        }
        long offset = 0;
        for (Param p : params) {
            long n = p.numel();
            try (NDArray slice = flat.get("{}:{}", offset, offset + n); NDArray shaped = slice.reshape(p.shape());
                 NDArray delta = shaped.mul((float) scale)) {
                p.value().addi(delta);
            }
            offset += n;
        }
    }
}
