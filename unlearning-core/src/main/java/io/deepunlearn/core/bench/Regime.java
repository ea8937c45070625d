package io.deepunlearn.core.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A named benchmark scale ({@code bench --regime NAME}, {@code ulira --regime NAME}): the values a campaign uses
 * unless the command line or a campaign file says otherwise.
 *
 * <p>{@code paper}: the paper's reference recipe for Fashion-MNIST (Cadet et al. 2024; docs/benchmark.md,
 * "--regime paper") at a CPU scale: 50 epochs of SGD lr 0.1, momentum 0.9, wd 5e-4, batch 256, cosine schedule,
 * horizontal flips; the model trains to fit (seed 0: in eval mode the original classifies D_f at 0.988 and D_r at
 * 0.972; training accuracy under augmentation ends at 0.97), so that the original measurably memorises D_f. What
 * is scaled down, to fit a shared 2-core machine: a 3 000-image subset of the train pool (D_r 2 295, D_f 255,
 * D_val 450), 2 000 test images, the small CNN instead of ResNet-18 / TinyViT, 5 seeds instead of 10. Methods run at the spec's defaults; a tuning search in this regime uses E_max =
 * ceil(0.2 x 50) = 10, the paper's value. U-LiRA uses a 1 000-image pool (each shadow model trains on 475
 * members), 16 shadow splits x 2 forget sets.
 *
 * @param uliraTrainSize pool size of {@code ulira} (it halves the pool into members and never-seen samples)
 */
public record Regime(String name, String dataset, String arch, int trainSize, int testSize, int epochs, int batchSize,
                     double learningRate, int seeds, int uliraTrainSize, int uliraShadows, int uliraForgetSets) {

    public static final Regime PAPER = new Regime("paper", "fashion-mnist", "small-cnn", 3000, 2000, 50, 256, 0.1, 5,
            1000, 16, 2);

    private static final Map<String, Regime> KNOWN = Map.of(PAPER.name(), PAPER);

    /** The regime named {@code name} (case-insensitive). */
    public static Regime named(String name) {
        Regime r = KNOWN.get(name.trim().toLowerCase(Locale.ROOT));
        if (r == null) {
            throw new IllegalArgumentException("unknown regime '" + name + "' (known: " + names() + ")");
        }
        return r;
    }

    public static List<String> names() {
        return KNOWN.keySet().stream().sorted().toList();
    }

    /** E_max of the paper's search rule, ceil(0.2 x the original training epochs). */
    public int maxUnlearningEpochs() {
        return (int) Math.ceil(0.2 * epochs);
    }
}
