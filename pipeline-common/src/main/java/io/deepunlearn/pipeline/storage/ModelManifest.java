package io.deepunlearn.pipeline.storage;

import io.deepunlearn.pipeline.event.ModelVersionRef;
import io.deepunlearn.pipeline.event.TrainingSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code manifest.json} beside each checkpoint: the lineage and data of one model version. {@code trainSampleIds}
 * were trained on; {@code heldOutSampleIds} never were (the MIA's non-members); {@code forgottenSampleIds} and
 * {@code requestIds} accumulate over the lineage, so the newest manifest alone tells whether a request is done.
 */
public record ModelManifest(String modelId, String version, String parentVersion, String sha256, String checkpointKey,
                            String s3VersionId, String datasetId, TrainingSpec training, String producedBy,
                            List<Integer> trainSampleIds, List<Integer> heldOutSampleIds,
                            List<Integer> forgottenSampleIds, List<String> requestIds, Instant createdAt) {

    public ModelVersionRef ref() {
        return new ModelVersionRef(modelId, version, checkpointKey, sha256, s3VersionId);
    }

    /** Trained-on samples not yet forgotten: the retain set D_r of the next unlearning. */
    public List<Integer> retainSampleIds() {
        Set<Integer> forgotten = Set.copyOf(forgottenSampleIds);
        return trainSampleIds.stream().filter(id -> !forgotten.contains(id)).toList();
    }

    public boolean covers(String requestId) {
        return requestIds.contains(requestId);
    }

    /** The manifest of an unlearned successor (version fields are filled in by the store on publication). */
    public ModelManifest successor(String producedBy, List<Integer> newlyForgotten, List<String> newRequestIds) {
        TreeSet<Integer> forgotten = new TreeSet<>(forgottenSampleIds);
        forgotten.addAll(newlyForgotten);
        List<String> requests = new ArrayList<>(requestIds);
        newRequestIds.stream().filter(r -> !requests.contains(r)).forEach(requests::add);
        return new ModelManifest(modelId, null, version, null, null, null, datasetId, training, producedBy,
                trainSampleIds, heldOutSampleIds, List.copyOf(forgotten), List.copyOf(requests), null);
    }

    ModelManifest published(String newVersion, String sha, String key, String s3Version, Instant at) {
        return new ModelManifest(modelId, newVersion, parentVersion, sha, key, s3Version, datasetId, training, producedBy,
                trainSampleIds, heldOutSampleIds, forgottenSampleIds, requestIds, at);
    }
}
