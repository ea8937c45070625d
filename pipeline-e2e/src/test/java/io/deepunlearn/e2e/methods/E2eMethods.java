package io.deepunlearn.e2e.methods;

import io.deepunlearn.core.data.DataSplits;
import io.deepunlearn.core.method.HyperParameters;
import io.deepunlearn.core.method.MethodProvider;
import io.deepunlearn.core.method.SearchSpace;
import io.deepunlearn.core.method.UnlearningContext;
import io.deepunlearn.core.method.UnlearningMethod;
import io.deepunlearn.core.model.Architectures;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.TrainConfig;
import io.deepunlearn.core.train.Trainer;
import java.util.List;

/**
 * Test-only unlearning methods, handed to the unlearner service through its extension path
 * ({@code DEEPUNLEARN_EXTENSIONS}: this module's test classes and {@code src/test/unlearner-extension}); no
 * deployment has them. {@code E2E-DO-NOTHING} returns the model unchanged: an audit must fail it.
 * {@code E2E-RETRAIN} is exact unlearning: a new network of the same architecture, trained from scratch on D_r with
 * the trainer's recipe (SGD, momentum 0.9, weight decay 5e-4, augmentation; epochs, batch and learning rate as the
 * hyperparameters, by default the memorising test model's): an audit must not fail it.
 */
public final class E2eMethods implements MethodProvider {

    public static final String DO_NOTHING = "E2E-DO-NOTHING";
    public static final String RETRAIN = "E2E-RETRAIN";

    @Override
    public List<UnlearningMethod> methods() {
        return List.of(new DoNothing(), new Retrain());
    }

    private static final class DoNothing implements UnlearningMethod {
        @Override
        public String name() {
            return DO_NOTHING;
        }

        @Override
        public String referenceKey() {
            return "e2e_do_nothing";
        }

        @Override
        public HyperParameters defaults() {
            return HyperParameters.builder(name()).build();
        }

        @Override
        public SearchSpace searchSpace(int maxEpochs) {
            return SearchSpace.generic(maxEpochs);
        }

        @Override
        public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
            return ctx.model();
        }
    }

    private static final class Retrain implements UnlearningMethod {
        @Override
        public String name() {
            return RETRAIN;
        }

        @Override
        public String referenceKey() {
            return "e2e_retrain";
        }

        @Override
        public HyperParameters defaults() {
            return HyperParameters.builder(name()).sgd(0.05, 0.9, 5e-4, 32, 30).build();
        }

        @Override
        public SearchSpace searchSpace(int maxEpochs) {
            return SearchSpace.generic(maxEpochs);
        }

        @Override
        public Network unlearn(UnlearningContext ctx, HyperParameters hp) {
            // in the base model's manager, which the caller keeps open until the result is serialised
            Network fresh = Architectures.create(ctx.model().spec(), ctx.manager(), ctx.seed());
            Trainer.train(fresh, ctx.data().retain(), new TrainConfig(hp.getInt("num_epochs"), hp.getInt("batch_size"),
                    hp.getDouble("optimizer.learning_rate"), hp.getDouble("optimizer.momentum"),
                    hp.getDouble("optimizer.weight_decay"), true, DataSplits.DEFAULT_SEED), ctx.progress());
            return fresh;
        }
    }
}
