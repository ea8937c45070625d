package io.deepunlearn.pipeline.storage;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * {@code manifests/{datasetId}.json} in the datasets bucket: which data subject each training sample belongs to,
 * and which samples are tombstoned (erased: no later training of any model may use them). For the bundled and
 * synthetic demo data the subjects are assigned synthetically (see {@link #syntheticSubjects}); a user's dataset
 * ({@link #mapped}) has no subjects here: they come from imported subject mappings, stored only as keyed pseudonyms
 * ({@code io.deepunlearn.pipeline.subjects.SubjectMappingStore}). {@code subjectSource} is {@value #SYNTHETIC}
 * (also when absent, in manifests written before it existed) or {@value #MAPPING}.
 */
public record DatasetManifest(String datasetId, String dataset, Map<String, List<Integer>> subjects,
                              List<Integer> tombstones, Instant updatedAt, String subjectSource) {

    public static final String SYNTHETIC = "synthetic";
    public static final String MAPPING = "mapping";

    /** A user's dataset: subjects come from imported mapping files (keyed pseudonyms), none are listed here. */
    public static DatasetManifest mapped(String datasetId, String dataset) {
        return new DatasetManifest(datasetId, dataset, Map.of(), List.of(), Instant.now(), MAPPING);
    }

    /** Whether subjects are resolved through imported mappings rather than {@link #subjects()}. */
    public boolean usesMapping() {
        return MAPPING.equals(subjectSource);
    }

    /**
     * Demo assignment: sample id {@code s} belongs to {@code subject-<s mod n>}, so each subject owns about
     * size/n samples spread over the dataset (enough for a population MIA on one subject's data).
     */
    public static DatasetManifest syntheticSubjects(String datasetId, String dataset, int[] sampleIds, int subjectCount) {
        if (subjectCount < 1) {
            throw new IllegalArgumentException("need at least one subject");
        }
        Map<String, List<Integer>> bySubject = new HashMap<>();
        for (int id : sampleIds) {
            bySubject.computeIfAbsent("subject-" + Math.floorMod(id, subjectCount), k -> new java.util.ArrayList<>()).add(id);
        }
        bySubject.replaceAll((k, v) -> List.copyOf(v));
        return new DatasetManifest(datasetId, dataset, bySubject, List.of(), Instant.now(), SYNTHETIC);
    }

    public Optional<List<Integer>> samplesOf(String subjectId) {
        return Optional.ofNullable(subjects.get(subjectId));
    }

    public boolean containsSample(int sampleId) {
        return subjects.values().stream().anyMatch(l -> l.contains(sampleId));
    }

    public boolean isTombstoned(int sampleId) {
        return tombstones.contains(sampleId);
    }

    public DatasetManifest withTombstones(List<Integer> sampleIds) {
        TreeSet<Integer> all = new TreeSet<>(tombstones);
        all.addAll(sampleIds);
        return new DatasetManifest(datasetId, dataset, subjects, List.copyOf(all), Instant.now(), subjectSource);
    }
}
