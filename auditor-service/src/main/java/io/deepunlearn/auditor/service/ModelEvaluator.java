package io.deepunlearn.auditor.service;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.auditor.ulira.ShadowAudit;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.metric.Evaluator;
import io.deepunlearn.core.metric.MembershipInference;
import io.deepunlearn.core.metric.Predictions;
import io.deepunlearn.core.metric.UnlearningScores;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.pipeline.event.AuditMetrics;
import io.deepunlearn.pipeline.event.UliraFigures;
import io.deepunlearn.pipeline.ml.ModelCodec;
import io.deepunlearn.pipeline.ml.PreparedDataset;
import io.deepunlearn.pipeline.storage.ModelManifest;
import java.util.List;

/**
 * Measures a version (docs/reference.md#accuracies, #mia, #indiscernibility): accuracies on D_r, D_f, D_val and
 * D_test in eval mode, the population MIA of D_f against D_val (held-out: never trained on; logistic regression on
 * per-sample losses; D_f widened to the lineage's forgotten samples when the run's are too few, see
 * {@link #miaPopulation}), indiscernibility, the previous version's test accuracy and, as the control, the same MIA on
 * the same population under the previous (pre-erasure) version, with the noise floor of that population size
 * ({@link NoiseFloor#mia}); and U-LiRA's per-sample test of the same forgotten samples against the held-out ones
 * ({@link ShadowAudit}), on both models.
 */
public class ModelEvaluator {

    public static final long MIA_SEED = 123;

    private final double alpha;
    private final ShadowAudit ulira;

    /**
     * {@code alpha}: significance of the MIA noise floor recorded with the figures; {@code ulira}: the per-sample
     * test against shadow models, or null when U-LiRA is switched off.
     */
    public ModelEvaluator(double alpha, ShadowAudit ulira) {
        this.alpha = alpha;
        this.ulira = ulira;
    }

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

    public Evaluation evaluate(ModelManifest version, byte[] checkpoint, List<Integer> forgetIds,
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
            TensorDataset members = population == forgetIds ? forget : data.samples(population);
            double[] memberLosses = population == forgetIds ? f.losses() : Evaluator.predict(net, members).losses();
            MembershipInference.MiaResult mia = MembershipInference.forgetVsHeldOut(memberLosses, v.losses(), MIA_SEED);
            double test = Evaluator.accuracy(net, data.test());
            Network prev = ModelCodec.decode(previousCheckpoint, previous.sha256(), previous.checkpointKey(), manager);
            // the control: the same attack, seed and population on the model that still holds the data
            Predictions prevForget = Evaluator.predict(prev, forget);
            double[] prevMemberLosses = population == forgetIds ? prevForget.losses()
                    : Evaluator.predict(prev, members).losses();
            double preMia = MembershipInference.forgetVsHeldOut(prevMemberLosses, Evaluator.predict(prev, val).losses(),
                    MIA_SEED).accuracy();
            int n = mia.samplesPerGroup();
            AuditMetrics metrics = new AuditMetrics(Evaluator.accuracy(net, retain), f.accuracy(), v.accuracy(), test,
                    mia.accuracy(), UnlearningScores.indiscernibility(mia.accuracy()), Evaluator.accuracy(prev, data.test()),
                    preMia, prevForget.accuracy(), n, NoiseFloor.mia(n, alpha));
            UliraFigures figures = ulira == null
                    ? UliraFigures.unavailable("U-LiRA is switched off (deepunlearn.audit.ulira.shadows=0)")
                    : ulira.measure(version, population, members, version.heldOutSampleIds(), val, net, prev, manager);
            return new Evaluation(metrics, figures);
        }
    }
}
