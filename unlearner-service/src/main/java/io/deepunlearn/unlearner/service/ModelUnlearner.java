package io.deepunlearn.unlearner.service;

import ai.djl.ndarray.NDManager;
import io.deepunlearn.core.data.TensorDataset;
import io.deepunlearn.core.engine.Engines;
import io.deepunlearn.core.method.HyperParameters;
import io.deepunlearn.core.method.Methods;
import io.deepunlearn.core.method.UnlearningContext;
import io.deepunlearn.core.method.UnlearningData;
import io.deepunlearn.core.method.UnlearningMethod;
import io.deepunlearn.core.model.Network;
import io.deepunlearn.core.train.ProgressListener;
import io.deepunlearn.pipeline.ml.ModelCodec;
import io.deepunlearn.pipeline.ml.PreparedDataset;
import io.deepunlearn.pipeline.storage.ModelManifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ML step of an unlearning run: rebuilds the base model from its verified checkpoint bytes, builds
 * D_r (trained-on minus everything forgotten so far and now), D_f and D_val (held-out) by sample id, runs the
 * method of the ML core's registry, and serialises the result. Callers run one at a time per JVM (DJL allows a
 * single gradient collector).
 */
public class ModelUnlearner {

    /** Parses {@code key=value,key=value} overrides onto the method's defaults; unknown keys are rejected. */
    public static HyperParameters hyperParameters(UnlearningMethod method, String overrides) {
        HyperParameters hp = method.defaults();
        if (overrides == null || overrides.isBlank()) {
            return hp;
        }
        for (String pair : overrides.split(",")) {
            String[] kv = pair.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("hyperparameter override '" + pair + "' is not key=value");
            }
            hp = hp.with(kv[0].trim(), kv[1].trim());
        }
        return hp;
    }

    public byte[] unlearn(ModelManifest base, byte[] baseCheckpoint, List<Integer> forgetIds, String methodName,
                          String overrides, int seed) {
        Engines.noGradOnThisThread();
        UnlearningMethod method = Methods.get(methodName);
        HyperParameters hp = hyperParameters(method, overrides);
        PreparedDataset data = PreparedDataset.of(base.training());
        Set<Integer> forgetSet = Set.copyOf(forgetIds);
        List<Integer> retainIds = base.retainSampleIds().stream().filter(id -> !forgetSet.contains(id)).toList();
        TensorDataset retain = data.samples(retainIds);
        TensorDataset forget = data.samples(forgetIds);
        TensorDataset val = data.samples(base.heldOutSampleIds());
        try (NDManager manager = Engines.pytorch().newBaseManager()) {
            Network net = ModelCodec.decode(baseCheckpoint, base.sha256(), base.checkpointKey(), manager);
            Network result = method.unlearn(
                    new UnlearningContext(net, new UnlearningData(retain, forget, val), seed, ProgressListener.NONE), hp);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("modelId", base.modelId());
            meta.put("parentVersion", base.version());
            meta.put("method", method.name());
            meta.put("hyperparameters", hp.asMap());
            meta.put("forgetCount", forgetIds.size());
            return ModelCodec.encode(result, meta);
        }
    }
}
