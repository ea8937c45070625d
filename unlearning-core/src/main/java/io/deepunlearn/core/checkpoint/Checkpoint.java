package io.deepunlearn.core.checkpoint;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded checkpoint: the architecture, every tensor by name, the free-form metadata written with it
 * (dataset, split id, seed, training config, lineage) and the SHA-256 of its tensor payload.
 */
public record Checkpoint(ModelSpec spec, Map<String, TensorData> tensors, Map<String, Object> metadata,
                         String payloadSha256) {

    /** One tensor's shape and float32 values. */
    public record TensorData(long[] shape, boolean buffer, float[] values) {
    }

    /** Builds a network of this checkpoint's architecture holding its values. */
    public Network toNetwork(NDManager manager) {
        Network net = Architectures.createUnseeded(spec, manager);
        loadInto(net);
        return net;
    }

    /** Copies the values into {@code net}; every tensor must exist there with the same shape. */
    public void loadInto(Network net) {
        if (!net.spec().equals(spec)) {
            throw new CheckpointException("checkpoint is a " + spec + " but the network is a " + net.spec());
        }
        Map<String, Param> target = net.tensors();
        if (!target.keySet().equals(tensors.keySet())) {
            throw new CheckpointException("checkpoint tensors " + List.copyOf(tensors.keySet())
                    + " do not match the network's " + List.copyOf(target.keySet()));
        }
        for (Map.Entry<String, TensorData> e : tensors.entrySet()) {
            Param p = target.get(e.getKey());
            Shape shape = new Shape(e.getValue().shape());
            if (!shape.equals(p.shape())) {
                throw new CheckpointException(e.getKey() + ": checkpoint shape " + shape + " vs network " + p.shape());
            }
            p.set(net.manager().create(e.getValue().values(), shape));
        }
    }

    static Map<String, TensorData> snapshot(Network net) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Param p : net.tensors().values()) {
            out.put(p.name(), new TensorData(p.shape().getShape(), p.isBuffer(), p.value().toFloatArray()));
        }
        return out;
    }
}
