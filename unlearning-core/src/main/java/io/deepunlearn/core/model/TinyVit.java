package io.deepunlearn.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * TinyViT-11M (docs/reference.md#models, the reference's {@code vit11m} = Microsoft's {@code tiny_vit.py} with embed dims
 * [64, 128, 256, 448], depths [2, 2, 6, 2], heads [2, 4, 8, 14], windows [7, 7, 14, 7], drop-path 0.1), trained
 * from scratch. Parameter names and shapes follow the reference's state_dict (BN's {@code num_batches_tracked}
 * and the non-persistent {@code attention_bias_idxs} excepted):
 * <ul>
 *   <li>{@code patch_embed.seq.{0,2}.{c,bn}}: two 3×3 stride-2 Conv2d_BN (C/2 then C channels) with GELU between;
 *   <li>{@code layers.0}: ConvLayer of MBConv blocks (expand 4) {@code blocks.N.conv{1,2,3}};
 *   <li>{@code layers.1..3}: BasicLayers of {@link TinyVitBlock}s (mlp ratio 4, local conv 3);
 *   <li>{@code layers.0..2.downsample}: {@link PatchMerging} to the next width and half the resolution;
 *   <li>token mean, {@code norm_head} (LayerNorm), {@code head} (Linear).
 * </ul>
 * Resolutions are img/4, img/8, img/16, img/32 (8, 4, 2, 1 at 32 px; 56, 28, 14, 7 at 224 px), read from the
 * tensors (stride-2 convs round up), so sizes that are not multiples of 32 also work where the reference's
 * precomputed floor resolutions fail its shape assertion. Drop-path rates
 * rise linearly from 0 to 0.1 over the 12 blocks (MBConvs included) and act only in train mode.
 *
 * <p>Initialisation as the reference: convs PyTorch default (kaiming_uniform a=√5, never re-initialised), BN
 * 1/0 except the last BN of each MBConv residual branch (weight 0), Linear trunc_normal(std .02) / bias 0,
 * LayerNorm 1/0, attention biases 0. {@link Layer#resetParameters()} stays PyTorch's per-module default.
 *
 * <p>Deviation (default "tiny-vit"): a window larger than the feature map is clipped to it instead of zero-padding
 * the map up to the window (the reference attends a 2×2 map at 32 px through a 14×14 window of 192 unmasked
 * padding tokens, 1×1 through 7×7). At 224 px nothing is clipped and both agree. "tiny-vit-padded" keeps the
 * reference behaviour for parity; both have the same tensor names and shapes.
 *
 * <p>Blocks for CF-k/EU-k are the three BasicLayers ({@code layers.1..3}, each with its downsample); the
 * classifier is {@code head}.
 */
public final class TinyVit extends Network {

    static final int[] EMBED_DIMS = {64, 128, 256, 448};
    static final int[] DEPTHS = {2, 2, 6, 2};
    static final int[] HEADS = {2, 4, 8, 14};
    static final int[] WINDOWS = {7, 7, 14, 7};
    static final double DROP_PATH_RATE = 0.1;
    static final double MLP_RATIO = 4.0;
    static final double MBCONV_EXPAND_RATIO = 4.0;
    static final int LOCAL_CONV_SIZE = 3;

    private final ConvBn patchEmbed0;
    private final ConvBn patchEmbed2;
    private final List<MbConv> convBlocks = new ArrayList<>();
    private final List<List<TinyVitBlock>> attentionStages = new ArrayList<>();
    private final List<PatchMerging> downsamples = new ArrayList<>();
    private final LayerNorm normHead;
    private final Linear head;

    /** @param clipWindows clip attention windows to the feature map (true) or zero-pad as the reference (false) */
    public TinyVit(ModelSpec spec, NDManager m, boolean clipWindows) {
        super(spec, m);
        LayerSink sink = this::add;
        int embed = EMBED_DIMS[0];
        patchEmbed0 = new ConvBn(sink, m, "patch_embed.seq.0", spec.channels(), embed / 2, 3, 2, 1);
        patchEmbed2 = new ConvBn(sink, m, "patch_embed.seq.2", embed / 2, embed, 3, 2, 1);
        double[] dropPath = dropPathRates();
        int blockIndex = 0;
        for (int stage = 0; stage < DEPTHS.length; stage++) {
            String prefix = "layers." + stage;
            int dim = EMBED_DIMS[stage];
            List<TinyVitBlock> blocks = new ArrayList<>();
            for (int i = 0; i < DEPTHS[stage]; i++, blockIndex++) {
                String blockPrefix = prefix + ".blocks." + i;
                if (stage == 0) {
                    convBlocks.add(new MbConv(sink, m, blockPrefix, dim, MBCONV_EXPAND_RATIO, dropPath[blockIndex]));
                } else {
                    blocks.add(new TinyVitBlock(sink, m, blockPrefix, dim, HEADS[stage], WINDOWS[stage], MLP_RATIO,
                            LOCAL_CONV_SIZE, dropPath[blockIndex], clipWindows));
                }
            }
            if (stage > 0) {
                attentionStages.add(blocks);
            }
            if (stage < DEPTHS.length - 1) {
                downsamples.add(new PatchMerging(sink, m, prefix + ".downsample", dim, EMBED_DIMS[stage + 1]));
            }
        }
        int last = EMBED_DIMS[EMBED_DIMS.length - 1];
        normHead = add(new LayerNorm(m, "norm_head", last));
        head = add(new Linear(m, "head", last, spec.numClasses()));
        for (Linear linear : layersOfType(Linear.class)) {
            linear.weight().set(Init.truncNormal(m, linear.weight().shape(), 0.02));
            linear.bias().set(m.zeros(linear.bias().shape()));
        }
    }

    /** torch.linspace(0, rate, 12): one rate per block, input side first. */
    static double[] dropPathRates() {
        int total = java.util.Arrays.stream(DEPTHS).sum();
        double[] rates = new double[total];
        for (int i = 0; i < total; i++) {
            rates[i] = DROP_PATH_RATE * i / (total - 1);
        }
        return rates;
    }

    @Override
    public NDArray forward(NDArray x, boolean train) {
        NDArray h = patchEmbed2.forward(Activation.gelu(patchEmbed0.forward(x, train)), train);
        for (MbConv block : convBlocks) {
            h = block.forward(h, train);
        }
        h = downsamples.get(0).forward(h, train);
        for (int stage = 0; stage < attentionStages.size(); stage++) {
            for (TinyVitBlock block : attentionStages.get(stage)) {
                h = block.forward(h, train);
            }
            if (stage + 1 < downsamples.size()) {
                h = downsamples.get(stage + 1).forward(h, train);
            }
        }
        NDArray pooled = h.reshape(h.getShape().get(0), h.getShape().get(1), -1).mean(new int[] {2});
        return head.forward(normHead.forward(pooled, train), train);
    }

    @Override
    public List<String> blocks() {
        return List.of("layers.1", "layers.2", "layers.3");
    }

    @Override
    public String classifier() {
        return "head";
    }

    /** Drop-path probability of each residual block in forward order (MBConvs, then attention blocks). */
    double[] dropPathProbabilities() {
        List<Double> out = new ArrayList<>();
        convBlocks.forEach(b -> out.add(b.dropPath().probability()));
        attentionStages.forEach(stage -> stage.forEach(b -> out.add(b.dropPath().probability())));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
