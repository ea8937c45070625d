package io.deepunlearn.auditor.ulira;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.auditor.service.NoiseFloor;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.metric.Evaluator;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.pipeline.event.UliraFigures;
import io.deepunlearn.pipeline.ml.ModelCodec;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.ShadowStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The per-audit U-LiRA test (offline LiRA, {@link OfflineLira}) on the newest complete shadow generation of the
 * lineage (else the newest with at least {@code minShadows} shadows): for every tested sample, only the shadows whose manifest does not
 * list it among their training samples count ("never seen": a shadow trained on a sample is never used as its
 * reference). Run on the unlearned and on the pre-erasure model (the control). Without a usable generation the
 * figures are {@code unavailable}, with the reason, and {@link ShadowPlanner} is asked for shadows. The generation
 * read is held for the audit's duration, so the planner does not delete it meanwhile.
 */
public class ShadowAudit {

    private final ShadowStore shadows;
    private final ShadowPlanner planner;
    private final int minShadows;
    private final double fpr;
    private final double alpha;

    public ShadowAudit(ShadowStore shadows, ShadowPlanner planner, int minShadows,
                       double fpr, double alpha) {
        if (minShadows < 1) {
            throw new IllegalArgumentException("min-shadows must be >= 1, got " + minShadows);
        }
        this.shadows = shadows;
        this.planner = planner;
        this.minShadows = minShadows;
        this.fpr = fpr;
        this.alpha = alpha;
    }

    /**
     * @param version   the audited version (its lineage names the shadows)
     * @param forgotten ids of the forgotten samples tested, {@code forgottenData} their data (same order)
     * @param heldOut   ids of never-trained-on samples, {@code heldOutData} their data (same order)
     */
    public UliraFigures measure(ModelManifest version, List<Integer> forgotten, TensorDataset forgottenData,
                                List<Integer> heldOut, TensorDataset heldOutData, Network unlearned, Network previous,
                                NDManager manager) {
        planner.ensure(version);
        // the newest complete generation; while none is, the newest with enough shadows. A generation being built
        // has few shadows at first: preferring an older complete one keeps the test's power (an audit in the e2e
        // test read 2 new shadows instead of 4 older ones and lost its control signal)
        List<Integer> generations = shadows.generations(version.modelId());
        for (int wanted : List.of(Math.max(planner.count(), minShadows), minShadows)) {
            for (int g : generations) {
                try (ShadowPlanner.Hold hold = planner.hold(version.modelId(), g)) {
                    List<ModelManifest> candidates = shadows.shadows(version.modelId(), g);
                    if (candidates.size() >= wanted) {
                        return measure(candidates, forgotten, forgottenData, heldOut, heldOutData, unlearned, previous,
                                manager);
                    }
                }
            }
        }
        return UliraFigures.unavailable("no shadow generation of " + version.modelId() + " with at least "
                + minShadows + " shadow models yet (requested from the trainer); the verdict rests on the MIA");
    }

    /** The test against one generation's shadows {@code set} (held by the caller: not deleted meanwhile). */
    private UliraFigures measure(List<ModelManifest> set, List<Integer> forgotten, TensorDataset forgottenData,
                                 List<Integer> heldOut, TensorDataset heldOutData, Network unlearned, Network previous,
                                 NDManager manager) {
        double[][] outF = outObservations(set, forgotten, forgottenData, manager);
        double[][] outH = outObservations(set, heldOut, heldOutData, manager);
        UliraSummary post = UliraSummary.of(
                OfflineLira.score(Evaluator.predict(unlearned, forgottenData).logitScaledConfidences(), outF),
                OfflineLira.score(Evaluator.predict(unlearned, heldOutData).logitScaledConfidences(), outH), fpr);
        UliraSummary pre = UliraSummary.of(
                OfflineLira.score(Evaluator.predict(previous, forgottenData).logitScaledConfidences(), outF),
                OfflineLira.score(Evaluator.predict(previous, heldOutData).logitScaledConfidences(), outH), fpr);
        if (post.forgottenScored() == 0 || post.heldOutScored() == 0) {
            return UliraFigures.unavailable("none of the " + set.size() + " shadow models left out the tested "
                    + (post.forgottenScored() == 0 ? "forgotten" : "held-out") + " samples");
        }
        return new UliraFigures(UliraFigures.MEASURED, null, set.size(), fpr, post.forgottenScored(),
                post.heldOutScored(), post.auc(), post.flaggedRatio(), post.heldOutFlaggedRatio(), pre.auc(),
                pre.flaggedRatio(), NoiseFloor.auc(post.forgottenScored(), post.heldOutScored(), alpha));
    }

    /** {@code out[i]}: sample i's logit-scaled confidence under every shadow that did not train on it. */
    private double[][] outObservations(List<ModelManifest> set, List<Integer> ids, TensorDataset data, NDManager manager) {
        List<List<Double>> out = new ArrayList<>();
        ids.forEach(id -> out.add(new ArrayList<>()));
        for (ModelManifest shadow : set) {
            Set<Integer> trainedOn = new HashSet<>(shadow.trainSampleIds());
            try (NDManager scope = manager.newSubManager()) {
                Network net = ModelCodec.decode(shadows.load(shadow), shadow.sha256(), shadow.checkpointKey(), scope);
                double[] x = Evaluator.predict(net, data).logitScaledConfidences();
                for (int i = 0; i < x.length; i++) {
                    if (!trainedOn.contains(ids.get(i))) {
                        out.get(i).add(x[i]);
                    }
                }
            }
        }
        return out.stream().map(l -> l.stream().mapToDouble(Double::doubleValue).toArray()).toArray(double[][]::new);
    }
}
