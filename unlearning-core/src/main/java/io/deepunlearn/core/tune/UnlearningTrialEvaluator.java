package io.deepunlearn.core.tune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.bench.ExperimentData;
import io.deepunlearn.core.bench.ReferenceModels;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.method.HyperParameters;
import io.deepunlearn.core.method.UnlearningContext;
import io.deepunlearn.core.method.UnlearningMethod;
import io.deepunlearn.core.metric.MetricValues;
import io.deepunlearn.core.metric.UnlearningEvaluation;
import io.deepunlearn.core.model.ModelSpec;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.core.train.TrainConfig;
import java.nio.file.Path;

/**
 * A real trial (docs/reference.md#hp-search): the method runs on a private copy of the seed's original model, and the unlearned and
 * the same-seed retrained model are evaluated on plain loaders. The reference pair comes from the benchmark's
 * cache (trained on first use), so {@code tune} and {@code bench} share it; the current seed's pair and the
 * retrained model's scores stay in memory while that seed's study runs.
 */
public final class UnlearningTrialEvaluator implements TrialEvaluator, AutoCloseable {

    private final UnlearningMethod method;
    private final ExperimentData data;
    private final ModelSpec spec;
    private final Path cacheDir;
    private final TrainConfig trainConfig;
    private final ProgressListener trainingProgress;
    private NDManager manager;
    private ReferenceModels.Pair refs;
    private MetricValues retrained;
    private int seed = -1;

    public UnlearningTrialEvaluator(UnlearningMethod method, ExperimentData data, String arch, Path cacheRoot,
                                    TrainConfig trainConfig, ProgressListener trainingProgress) {
        this.method = method;
        this.data = data;
        this.spec = data.spec(arch);
        this.cacheDir = data.referenceCache(cacheRoot, arch, trainConfig);
        this.trainConfig = trainConfig;
        this.trainingProgress = trainingProgress;
    }

    @Override
    public Outcome evaluate(int seed, HyperParameters hp) {
        references(seed);
        Network copy = refs.original().copy();
        Network out = null;
        try {
            Engine.getInstance().setRandomSeed(seed);
            out = method.unlearn(new UnlearningContext(copy, data.data(), seed, ProgressListener.NONE), hp);
            MetricValues u = UnlearningEvaluation.evaluate(out, data.data(), data.test());
            return new Outcome(TuningObjectives.of(u, retrained), TuningObjectives.metrics(u, retrained));
        } finally {
            if (out != null && out != copy) {
                out.close();
            }
            copy.close();
        }
    }

    private void references(int wanted) {
        if (wanted == seed) {
            return;
        }
        close();
        manager = Engines.pytorch().newBaseManager();
        refs = ReferenceModels.obtain(cacheDir, spec, wanted, data.data().retain(), data.data().forget(), trainConfig,
                manager, trainingProgress);
        retrained = UnlearningEvaluation.evaluate(refs.retrain(), data.data(), data.test());
        seed = wanted;
    }

    @Override
    public void close() {
        if (refs != null) {
            refs.close();
            refs = null;
        }
        if (manager != null) {
            manager.close();
            manager = null;
        }
        seed = -1;
    }
}
