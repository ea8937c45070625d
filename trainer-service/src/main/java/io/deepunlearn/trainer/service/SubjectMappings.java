package io.deepunlearn.trainer.service;

import io.deepunlearn.core.data.DatasetException;
import io.deepunlearn.pipeline.ml.PreparedDataset;
import io.deepunlearn.pipeline.storage.DatasetManifest;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.subjects.SubjectMappingFile;
import io.deepunlearn.pipeline.subjects.SubjectMappingStore;
import io.deepunlearn.pipeline.subjects.SubjectPseudonymizer;
import io.deepunlearn.trainer.model.MappingImportResult;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Imports subject-mapping files for a user's dataset (its manifest says subjects come from mappings): the file is
 * parsed and checked row by row ({@link SubjectMappingFile}), its subject ids are replaced by keyed pseudonyms and
 * the result is appended as one write-once batch ({@link SubjectMappingStore}). Files can be imported as new samples
 * arrive; a row that repeats an earlier import is skipped, a sample given to a second subject is refused. The
 * plaintext file is never stored.
 */
public class SubjectMappings {

    private final ManifestStore manifests;
    private final SubjectMappingStore store;
    private final SubjectPseudonymizer pseudonyms;

    public SubjectMappings(ManifestStore manifests, SubjectMappingStore store, SubjectPseudonymizer pseudonyms) {
        this.manifests = manifests;
        this.store = store;
        this.pseudonyms = pseudonyms;
    }

    public MappingImportResult importFile(String datasetId, byte[] file, SubjectMappingFile.Format format) {
        DatasetManifest manifest = mappedDataset(datasetId);
        SubjectMappingFile.Parsed rows = SubjectMappingFile.parse(file, format);
        Set<Integer> ids = new HashSet<>();
        try {
            PreparedDataset data = PreparedDataset.of(manifest.dataset());
            for (int id : data.trainSampleIds()) {
                ids.add(id);
            }
            for (int id : data.testSampleIds()) {
                ids.add(id);
            }
        } catch (DatasetException e) {
            throw new RejectedInputException(422, "dataset " + manifest.dataset() + " cannot be loaded: " + e.getMessage());
        }
        // the last validation is the one that was stored (a lost sequence race validates again)
        AtomicReference<Map<String, List<Integer>>> imported = new AtomicReference<>();
        Optional<SubjectMappingStore.Batch> batch = store.append(datasetId, owners -> {
            imported.set(SubjectMappingFile.validate(rows, datasetId, ids::contains, owners, pseudonyms));
            return imported.get();
        });
        int newSamples = imported.get().values().stream().mapToInt(List::size).sum();
        int count = rows.rows().size();
        return new MappingImportResult(datasetId, batch.map(SubjectMappingStore.Batch::sequence).orElse(null),
                count, imported.get().size(), newSamples, count - newSamples);
    }

    /** How much is mapped: batches, and subjects and samples over all of them. */
    public Map<String, Object> summary(String datasetId) {
        mappedDataset(datasetId);
        List<SubjectMappingStore.Batch> batches = store.batches(datasetId);
        Set<String> subjects = new HashSet<>();
        batches.forEach(b -> subjects.addAll(b.subjects().keySet()));
        return Map.of("datasetId", datasetId, "batches", batches.stream().map(b -> Map.of("batch", b.sequence(),
                        "subjects", b.subjects().size(), "samples", b.samples(), "importedAt", b.importedAt().toString()))
                        .toList(),
                "subjects", subjects.size(), "samples", batches.stream().mapToInt(SubjectMappingStore.Batch::samples).sum());
    }

    private DatasetManifest mappedDataset(String datasetId) {
        DatasetManifest manifest;
        try {
            manifest = manifests.load(datasetId).orElseThrow(() -> new RejectedInputException(404, "unknown dataset id "
                    + datasetId + " (register the dataset or a model trained on it first)"));
        } catch (IllegalArgumentException e) {
            throw new RejectedInputException(400, e.getMessage());
        }
        if (!manifest.usesMapping()) {
            throw new RejectedInputException(409, "dataset " + datasetId + " uses synthetic demo subjects; subject "
                    + "mappings are imported for users' datasets (s3:NAME, npy:DIR)");
        }
        return manifest;
    }
}
