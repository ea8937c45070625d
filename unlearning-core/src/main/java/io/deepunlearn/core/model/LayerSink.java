package io.deepunlearn.core.model;

/** Where composite modules (TinyViT's blocks) register their layers: a network's {@code add}. */
@FunctionalInterface
interface LayerSink {

    <L extends Layer> L add(L layer);
}
