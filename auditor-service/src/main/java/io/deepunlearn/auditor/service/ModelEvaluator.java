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
 * Measures a version (docs/reference.md#accuracies, #mia, #indiscernibility): accuracies on D_r, D_f, D_val and D_test in eval mode, the population MIA
 * of D_f against D_val (held-out: never trained on; logistic regression on per-sample losses, docs/reference.md#mia; D_f
 * widened to the lineage's forgotten samples when the run's are too few, see {@link #miaPopulation}),
 * indiscernibility, and the previous version's test accuracy.
 */
public class ModelEvaluator {

    public static final long MIA_SEED = 123;

    /**
     * The samples the MIA attacks: the run's forget set, or, when it is smaller than the attack's minimum group
     * (a single small erasure request, or a coalesced run of a few), every sample forgotten in the version's
     * lineage, which includes the run's: the version must not remember any of them, and the larger group makes
     * the attack measurable. Only when the whole lineage has forgotten too few does the attack (and the audit)
     * still refuse.
     */
    static List<Integer> miaPopulation(List<Integer> forgetIds, List<Integer> lineageForgotten) {
        return forgetIds.size() >= MembershipInference.MIN_SAMPLES_PER_GROUP
                || lineageForgotten.size() <= forgetIds.size() ? forgetIds : lineageForgotten;
    }

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
            List<Integer> population = miaPopulation(forgetIds, version.forgottenSampleIds());
            double[] memberLosses = population == forgetIds ? f.losses()
                    : Evaluator.predict(net, data.samples(population)).losses();
            double mia = MembershipInference.forgetVsHeldOut(memberLosses, v.losses(), MIA_SEED).accuracy();
            double test = Evaluator.accuracy(net, data.test());
            Network prev = ModelCodec.decode(previousCheckpoint, previous.sha256(), previous.checkpointKey(), manager);
            return new AuditMetrics(Evaluator.accuracy(net, retain), f.accuracy(), v.accuracy(), test, mia,
                    UnlearningScores.indiscernibility(mia), Evaluator.accuracy(prev, data.test()));
        }
    }
}
