package io.deepunlearn.pipeline.ml;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.checkpoint.CheckpointIO;
import io.deepunlearn.core.model.Network;
import java.util.Map;

/** Checkpoints as bytes for the object store: the ML core's format, SHA-256 checked again on decode. */
public final class ModelCodec {

    private ModelCodec() {
    }

    public static byte[] encode(Network net, Map<String, Object> metadata) {
        return CheckpointIO.toBytes(net, metadata);
    }

    /** A network in {@code manager} holding the checkpoint's values; fails if the bytes do not hash to {@code sha256}. */
    public static Network decode(byte[] bytes, String sha256, String source, NDManager manager) {
        return CheckpointIO.fromBytes(bytes, sha256, source).toNetwork(manager);
    }
}
