package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.deepunlearn.core.engine.Scalars;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TinyViT's (LeViT-style) {@code Attention} over the tokens of square windows: pre-norm {@code norm}, a fused
 * {@code qkv} projection laid out per head as [q | k | v] (key dim = value dim = dim / heads), scaled dot
 * products plus a learned bias per head and per relative offset (|dy|, |dx|), softmax, {@code proj}.
 *
 * <p>{@code attention_biases} has shape (heads, window²): the reference numbers offsets in order of first
 * appearance, which for a w×w window is exactly |dy|·w + |dx|. A window smaller than the configured one (clipped
 * to a small feature map) uses the same table through that formula, so its biases are a subset of the full
 * window's and the parameter shapes never depend on the image size. The (non-persistent) index buffer
 * {@code attention_bias_idxs} is rebuilt per window size and is not a checkpoint tensor.
 *
 * <p>This layer's own parameter is {@code attention_biases}; {@code norm}, {@code qkv} and {@code proj} are
 * registered as separate layers under its prefix.
 */
public final class WindowAttention implements Layer {

    private final String prefix;
    private final int heads;
    private final int keyDim;
    private final int windowSize;
    private final double scale;
    private final LayerNorm norm;
    private final Linear qkv;
    private final Linear proj;
    private final Param biases;
    private final NDManager manager;
    private final Map<Integer, NDArray> biasIndexByWindow = new ConcurrentHashMap<>();

    WindowAttention(LayerSink sink, NDManager m, String prefix, int dim, int heads, int windowSize) {
        if (dim % heads != 0) {
            throw new IllegalArgumentException(prefix + ": dim " + dim + " is not divisible by " + heads + " heads");
        }
        this.prefix = prefix;
        this.heads = heads;
        this.keyDim = dim / heads;
        this.windowSize = windowSize;
        this.scale = Math.pow(keyDim, -0.5);
        this.manager = m;
        this.biases = new Param(prefix + ".attention_biases", m.zeros(new Shape(heads, (long) windowSize * windowSize)),
                false);
        this.norm = sink.add(new LayerNorm(m, prefix + ".norm", dim));
        this.qkv = sink.add(new Linear(m, prefix + ".qkv", dim, 3 * dim));
        this.proj = sink.add(new Linear(m, prefix + ".proj", dim, dim));
    }

    @Override
    public String prefix() {
        return prefix;
    }

    public int windowSize() {
        return windowSize;
    }

    public Param attentionBiases() {
        return biases;
    }

    /** {@code x}: (windows, n², C) with n ≤ the configured window size; returns the same shape. */
    @Override
    public NDArray forward(NDArray x, boolean train) {
        Shape s = x.getShape();
        long windows = s.get(0);
        long tokens = s.get(1);
        long channels = s.get(2);
        int side = (int) Math.round(Math.sqrt(tokens));
        if ((long) side * side != tokens || side > windowSize) {
            throw new IllegalArgumentException(prefix + ": " + tokens + " tokens do not form a square window of side <= "
                    + windowSize);
        }
        NDArray h = qkv.forward(norm.forward(x, train), train).reshape(windows, tokens, heads, 3L * keyDim);
        NDList qkvParts = h.split(new long[] {keyDim, 2L * keyDim}, 3);
        NDArray q = qkvParts.get(0).transpose(0, 2, 1, 3);
        NDArray k = qkvParts.get(1).transpose(0, 2, 1, 3);
        NDArray v = qkvParts.get(2).transpose(0, 2, 1, 3);
        NDArray gathered = biases.value().gather(biasIndex(side), 1);
        gathered.attach(x.getManager()); // a per-step tensor: the parameter's manager would keep it until close
        NDArray bias = gathered.reshape(heads, tokens, tokens);
        NDArray attn = q.matMul(k.transpose(0, 1, 3, 2)).mul(Scalars.like(q, scale)).add(bias).softmax(-1);
        NDArray out = attn.matMul(v).transpose(0, 2, 1, 3).reshape(windows, tokens, channels);
        return proj.forward(out, train);
    }

    /** (heads, n⁴) indices into the bias table, cached per window side. */
    private NDArray biasIndex(int side) {
        return biasIndexByWindow.computeIfAbsent(side, n -> {
            long[] one = biasIndices(n, windowSize);
            long[] all = new long[heads * one.length];
            for (int head = 0; head < heads; head++) {
                System.arraycopy(one, 0, all, head * one.length, one.length);
            }
            return manager.create(all, new Shape(heads, one.length));
        });
    }

    /**
     * Row-major (n², n²) table of bias slots for an n×n window read from a w×w table: token i = (y1, x1) and
     * token j = (y2, x2) share the slot of their offset, |y1 - y2|·w + |x1 - x2|.
     */
    static long[] biasIndices(int side, int window) {
        if (side < 1 || side > window) {
            throw new IllegalArgumentException("window side " + side + " is not in [1, " + window + "]");
        }
        int tokens = side * side;
        long[] idx = new long[tokens * tokens];
        int p = 0;
        for (int i = 0; i < tokens; i++) {
            for (int j = 0; j < tokens; j++) {
                idx[p++] = (long) Math.abs(i / side - j / side) * window + Math.abs(i % side - j % side);
            }
        }
        return idx;
    }

    @Override
    public List<Param> params() {
        return List.of(biases);
    }

    /** The reference creates the biases as zeros and never re-initialises them; reset returns them to zero. */
    @Override
    public void resetParameters() {
        biases.set(biases.value().getManager().zeros(biases.shape()));
    }
}
