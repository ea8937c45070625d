package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network with torchvision-style names. Subclasses register their layers in forward order; methods reach
 * parameters by name, layers by prefix, "blocks" (the units CF-k/EU-k freeze or reset) and the classifier.
 * The network owns its manager: closing it frees every tensor.
 */
public abstract class Network implements AutoCloseable {

    private final ModelSpec spec;
    private final NDManager manager;
    private final Map<String, Layer> layers = new LinkedHashMap<>();
    private final Map<String, Param> tensors = new LinkedHashMap<>();

    protected Network(ModelSpec spec, NDManager manager) {
        this.spec = spec;
        this.manager = manager;
    }

    protected <L extends Layer> L add(L layer) {
        if (layers.put(layer.prefix(), layer) != null) {
            throw new IllegalStateException("duplicate layer " + layer.prefix());
        }
        for (Param p : layer.params()) {
            tensors.put(p.name(), p);
        }
        return layer;
    }

    /** Logits (B, numClasses). {@code train} selects batch-norm behaviour (batch statistics + running update). */
    public abstract NDArray forward(NDArray x, boolean train);

    /** Prefixes of the network's blocks, input side first (ResNet: layer1..layer4). */
    public abstract List<String> blocks();

    /** Prefix of the final classifier layer ({@code fc}). */
    public abstract String classifier();

    public ModelSpec spec() {
        return spec;
    }

    public NDManager manager() {
        return manager;
    }

    /** Every layer by prefix, in forward order. */
    public Map<String, Layer> layers() {
        return Collections.unmodifiableMap(layers);
    }

    public Layer layer(String prefix) {
        Layer l = layers.get(prefix);
        if (l == null) {
            throw new IllegalArgumentException("no layer '" + prefix + "' in " + spec.architecture());
        }
        return l;
    }

    /** Layers whose prefix is {@code prefix} or starts with {@code prefix + "."}. */
    public List<Layer> layersUnder(String prefix) {
        List<Layer> out = new ArrayList<>();
        for (Layer l : layers.values()) {
            if (l.prefix().equals(prefix) || l.prefix().startsWith(prefix + ".")) {
                out.add(l);
            }
        }
        return out;
    }

    public <T extends Layer> List<T> layersOfType(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Layer l : layers.values()) {
            if (type.isInstance(l)) {
                out.add(type.cast(l));
            }
        }
        return out;
    }

    /** Parameters and buffers by name, in registration order (the checkpoint order). */
    public Map<String, Param> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    /** Trainable-or-frozen parameters (no buffers), in order. */
    public List<Param> parameters() {
        return tensors.values().stream().filter(p -> !p.isBuffer()).toList();
    }

    public Param param(String name) {
        Param p = tensors.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no tensor '" + name + "' in " + spec.architecture());
        }
        return p;
    }

    /** Number of parameter elements (buffers excluded), as torchvision counts them. */
    public long parameterCount() {
        return parameters().stream().mapToLong(Param::numel).sum();
    }

    public void setAllTrainable(boolean trainable) {
        parameters().forEach(p -> p.setTrainable(trainable));
    }

    /** Copies every tensor value from {@code other} (same architecture) into this network. */
    public void copyFrom(Network other) {
        if (!other.spec.equals(spec)) {
            throw new IllegalArgumentException("cannot copy " + other.spec + " into " + spec);
        }
        for (Param p : tensors.values()) {
            p.set(other.param(p.name()).value());
        }
    }

    /** An independent copy (new manager, same values, all trainable). */
    public Network copy() {
        Network n = Architectures.createUnseeded(spec, manager.getParentManager().newSubManager());
        n.copyFrom(this);
        return n;
    }

    @Override
    public void close() {
        manager.close();
    }
}
