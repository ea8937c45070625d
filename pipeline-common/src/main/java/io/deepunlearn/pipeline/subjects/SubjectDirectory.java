package io.deepunlearn.pipeline.subjects;

import io.deepunlearn.pipeline.storage.DatasetManifest;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a data subject to its samples for any dataset: through the imported mapping (looked up by the subject's
 * keyed pseudonym) for a user's dataset, through the manifest's synthetic subjects for the demo datasets.
 */
public class SubjectDirectory {

    private final SubjectMappingStore mappings;
    private final SubjectPseudonymizer pseudonyms;

    public SubjectDirectory(SubjectMappingStore mappings, SubjectPseudonymizer pseudonyms) {
        this.mappings = mappings;
        this.pseudonyms = pseudonyms;
    }

    public Optional<List<Integer>> samplesOf(DatasetManifest dataset, String subjectId) {
        return dataset.usesMapping()
                ? mappings.samplesOf(dataset.datasetId(), pseudonyms.subjectRef(dataset.datasetId(), subjectId))
                : dataset.samplesOf(subjectId);
    }

    /** The pseudonym events and records carry for the subject. */
    public String subjectRef(String datasetId, String subjectId) {
        return pseudonyms.subjectRef(datasetId, subjectId);
    }
}
