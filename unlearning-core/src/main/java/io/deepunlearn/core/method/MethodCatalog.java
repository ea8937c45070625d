package io.deepunlearn.core.method;

import java.util.List;

/** Instances of every implemented method, in the reference's order (FT ... RNI, docs/reference.md#methods). */
final class MethodCatalog {

    private MethodCatalog() {
    }

    static List<UnlearningMethod> all() {
        return List.of(
                new FineTune(),
                new GradientAscent(),
                new SuccessiveRandomLabels(),
                new NegGradPlus(),
                new BadTeacher(),
                new SalUn(),
                new Scrub(),
                new FisherForgetting(),
                new InfluenceUnlearning(),
                new CatastrophicForgettingK(),
                new ExactUnlearningK(),
                new ForgetContrastStrengthen(),
                new MaskedSmallGradients(),
                new ConfuseFinetuneWeaken(),
                new PruneReinitMatchQuantize(),
                new ConvolutionTranspose(),
                new ResetDistill(),
                new ResetNoiseInjection());
    }
}
