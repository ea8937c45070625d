package io.deepunlearn.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.model.Conv2d;
import io.deepunlearn.core.model.Init;
import io.deepunlearn.core.model.Layer;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.model.Param;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the reference code's module surgery onto any shipped architecture: "blocks" are
 * {@link Network#blocks()} (ResNet {@code layer1..layer4}, small-cnn {@code block1..block3}, TinyViT
 * {@code layers.1..layers.3}), the classifier is {@link Network#classifier()} ({@code fc}, TinyViT {@code head}),
 * and a top-level child is a layer whose prefix has no dot (ResNet's {@code conv1}; small-cnn and TinyViT have no
 * top-level conv, so CFW and KDE fall back to {@link #firstConv}).
 */
final class NetworkParts {

    private NetworkParts() {
    }

    /** The reference's {@code blocks[-k:]}: the last k blocks, all of them when k exceeds their number. */
    static List<String> lastBlocks(Network net, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("need at least one block, got k = " + k);
        }
        List<String> blocks = net.blocks();
        return blocks.subList(Math.max(0, blocks.size() - k), blocks.size());
    }

    /** The last k blocks followed by the classifier (what CF-k trains and EU-k re-initialises). */
    static List<String> lastBlocksAndClassifier(Network net, int k) {
        List<String> out = new ArrayList<>(lastBlocks(net, k));
        out.add(net.classifier());
        return out;
    }

    static List<Layer> layersUnder(Network net, List<String> prefixes) {
        List<Layer> out = new ArrayList<>();
        for (String prefix : prefixes) {
            out.addAll(net.layersUnder(prefix));
        }
        return out;
    }

    /** Trainable-or-frozen parameters (no buffers) of the layers under {@code prefixes}. */
    static List<Param> parametersUnder(Network net, List<String> prefixes) {
        List<Param> out = new ArrayList<>();
        for (Layer l : layersUnder(net, prefixes)) {
            l.params().stream().filter(p -> !p.isBuffer()).forEach(out::add);
        }
        return out;
    }

    /** Convolutions that are top-level children whose name contains "conv" (torchvision ResNet: {@code conv1}). */
    static List<Conv2d> topLevelConvs(Network net) {
        List<Conv2d> out = new ArrayList<>();
        for (Layer l : net.layers().values()) {
            if (!l.prefix().contains(".") && l.prefix().contains("conv") && l instanceof Conv2d c) {
                out.add(c);
            }
        }
        return out;
    }

    /** The first convolution in forward order (the stem of every shipped architecture). */
    static Conv2d firstConv(Network net) {
        List<Conv2d> convs = net.layersOfType(Conv2d.class);
        if (convs.isEmpty()) {
            throw new IllegalArgumentException(net.spec().architecture() + " has no convolution");
        }
        return convs.get(0);
    }

    /** Sets {@code p} to a copy of {@code fresh} and frees {@code fresh}. */
    static void replace(Param p, NDArray fresh) {
        try (fresh) {
            p.set(fresh);
        }
    }

    /** p <- p + sigma * N(0, 1), drawn from the engine generator (CFW's confusion, RNI's noise). */
    static void addGaussianNoise(Param p, double sigma) {
        try (NDManager scope = p.value().getManager().newSubManager()) {
            NDArray noisy = p.value().add(Init.normal(scope, p.shape(), sigma));
            noisy.attach(scope);
            p.set(noisy);
        }
    }
}
