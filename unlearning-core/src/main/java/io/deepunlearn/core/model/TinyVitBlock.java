package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * TinyViT's {@code TinyViTBlock}: x + DropPath(window attention(x)), a 3×3 depthwise {@code local_conv} (with BN,
 * no activation), then x + DropPath(mlp(x)) with {@code mlp} = LayerNorm, fc1 (4×), GELU, fc2.
 *
 * <p>Windows: the feature map is zero-padded at the bottom/right to a multiple of the window and split into
 * windows; padded tokens take part in attention unmasked, as in the reference. With {@code clipWindow} the
 * window side is first clipped to the feature map (min(window, max(H, W))), so a 2×2 map attends over its own
 * 4 tokens instead of a 14×14 window that is 98 % padding; without it the reference behaviour is kept.
 */
final class TinyVitBlock {

    private final WindowAttention attn;
    private final LayerNorm mlpNorm;
    private final Linear fc1;
    private final Linear fc2;
    private final ConvBn localConv;
    private final DropPath dropPath;
    private final boolean clipWindow;

    TinyVitBlock(LayerSink sink, NDManager m, String prefix, int dim, int heads, int window, double mlpRatio,
                 int localConvSize, double dropPath, boolean clipWindow) {
        // registration follows the reference's module order (attn, mlp, local_conv) = its state_dict order
        attn = sink.add(new WindowAttention(sink, m, prefix + ".attn", dim, heads, window));
        int hidden = (int) (dim * mlpRatio);
        mlpNorm = sink.add(new LayerNorm(m, prefix + ".mlp.norm", dim));
        fc1 = sink.add(new Linear(m, prefix + ".mlp.fc1", dim, hidden));
        fc2 = sink.add(new Linear(m, prefix + ".mlp.fc2", hidden, dim));
        localConv = new ConvBn(sink, m, prefix + ".local_conv", dim, dim, localConvSize, 1, dim);
        this.dropPath = new DropPath(dropPath);
        this.clipWindow = clipWindow;
    }

    DropPath dropPath() {
        return dropPath;
    }

    /** (B, C, H, W) to the same shape. */
    NDArray forward(NDArray x, boolean train) {
        Shape s = x.getShape();
        long b = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long w = s.get(3);
        NDArray tokens = x.reshape(b, c, h * w).transpose(0, 2, 1);
        tokens = tokens.add(dropPath.apply(windowAttention(tokens.reshape(b, h, w, c), train).reshape(b, h * w, c),
                train));
        NDArray map = localConv.forward(tokens.transpose(0, 2, 1).reshape(b, c, h, w), train);
        tokens = map.reshape(b, c, h * w).transpose(0, 2, 1);
        NDArray mlp = fc2.forward(Activation.gelu(fc1.forward(mlpNorm.forward(tokens, train), train)), train);
        tokens = tokens.add(dropPath.apply(mlp, train));
        return tokens.transpose(0, 2, 1).reshape(b, c, h, w);
    }

    /** (B, H, W, C) tokens to attended (B, H, W, C) tokens, window by window. */
    private NDArray windowAttention(NDArray x, boolean train) {
        Shape s = x.getShape();
        long b = s.get(0);
        long h = s.get(1);
        long w = s.get(2);
        long c = s.get(3);
        long ws = clipWindow ? Math.min(attn.windowSize(), Math.max(h, w)) : attn.windowSize();
        long padB = (ws - h % ws) % ws;
        long padR = (ws - w % ws) % ws;
        if (padB > 0 || padR > 0) {
            // pad pairs run from the last axis: C (none), W (right), H (bottom)
            x = x.pad(new Shape(0, 0, 0, padR, 0, padB), 0);
        }
        long nh = (h + padB) / ws;
        long nw = (w + padR) / ws;
        NDArray windows = x.reshape(b, nh, ws, nw, ws, c).transpose(0, 1, 3, 2, 4, 5).reshape(b * nh * nw, ws * ws, c);
        NDArray out = attn.forward(windows, train)
                .reshape(b, nh, nw, ws, ws, c).transpose(0, 1, 3, 2, 4, 5).reshape(b, nh * ws, nw * ws, c);
        return padB > 0 || padR > 0 ? out.get(new NDIndex(":, :{}, :{}", h, w)) : out;
    }
}
