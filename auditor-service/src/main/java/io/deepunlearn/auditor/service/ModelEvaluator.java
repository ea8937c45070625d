package io.deepunlearn.auditor.service;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.metric.Evaluator;
import io.deepunlearn.core.metric.MembershipInference;
import io.deepunlearn.core.metric.Predictions;
import io.deepunlearn.core.metric.UnlearningScores;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.pipeline.event.AuditMetrics;
import io.deepunlearn.pipeline.ml.ModelCodec;
import io.deepunlearn.pipeline.ml.PreparedDataset;
import io.deepunlearn.pipeline.storage.ModelManifest;
import java.util.List;

/**
 * Measures a version (spec §5.1–5.3): accuracies on D_r, D_f, D_val and D_test in eval mode, the population MIA
 * of D_f against D_val (held-out: never trained on; logistic regression on per-sample losses, spec §5.2),
 * indiscernibility, and the previous version's test accuracy.
 */
public class ModelEvaluator {

    public static final long MIA_SEED = 123;

    public AuditMetrics evaluate(ModelManifest version, byte[] checkpoint, List<Integer> forgetIds,
                                 ModelManifest previous, byte[] previousCheckpoint) {
        Engines.noGradOnThisThread();
        PreparedDataset data = PreparedDataset.of(version.training());
        TensorDataset retain = data.samples(version.retainSampleIds());
        TensorDataset forget = data.samples(forgetIds);
        TensorDataset val = data.samples(version.heldOutSampleIds());
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            Network net = ModelCodec.decode(checkpoint, version.sha256(), version.checkpointKey(), manager);
            Predictions f = Evaluator.predict(net, forget);
            Predictions v = Evaluator.predict(net, val);
            double mia = MembershipInference.forgetVsHeldOut(f.losses(), v.losses(), MIA_SEED).accuracy();
            double test = Evaluator.accuracy(net, data.test());
            Network prev = ModelCodec.decode(previousCheckpoint, previous.sha256(), previous.checkpointKey(), manager);
            return new AuditMetrics(Evaluator.accuracy(net, retain), f.accuracy(), v.accuracy(), test, mia,
                    UnlearningScores.indiscernibility(mia), Evaluator.accuracy(prev, data.test()));
        }
    }
}
