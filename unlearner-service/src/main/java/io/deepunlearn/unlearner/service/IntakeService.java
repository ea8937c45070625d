package io.deepunlearn.unlearner.service;

import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.event.RequestStatus;
import io.deepunlearn.pipeline.lifecycle.RequestLifecycle;
import io.deepunlearn.pipeline.messaging.EventPublisher;
import io.deepunlearn.pipeline.security.Pseudonymizer;
import io.deepunlearn.pipeline.security.RequestAccess;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.DatasetManifest;
import io.deepunlearn.pipeline.storage.ForgetRequestRecord;
import io.deepunlearn.pipeline.storage.StorageException;
import io.deepunlearn.pipeline.storage.ManifestStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.RequestStore;
import io.deepunlearn.pipeline.subjects.SubjectDirectory;
import io.deepunlearn.unlearner.metrics.UnlearnerMetrics;
import io.deepunlearn.unlearner.model.ForgetRequestBody;
import io.deepunlearn.unlearner.model.IntakeResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Accepts forget requests at the REST edge: validates them against the dataset manifest and the models'
 * manifests ({@link ForgetRequestRules}, shared with the Kafka door), resolves a data subject to sample ids,
 * de-duplicates, records each request durably through the {@link RequestLifecycle} and publishes one
 * {@link ForgetRequested} per target model (keyed by model id). Rejections carry the reason and HTTP status; when the
 * request cannot be made durable (S3 or the broker unreachable) the answer is 503 and nothing is left behind that
 * would make the client's retry a {@code duplicate}.
 * Requests belong to the authenticated requester: duplicates are detected per requester (never answering with
 * another requester's request id) and each new request gets a capability ({@link RequestAccess}).
 */
public class IntakeService {

    private final CheckpointStore checkpoints;
    private final ManifestStore manifests;
    private final RequestStore requests;
    private final RequestLifecycle lifecycle;
    private final ForgetRequestRules rules;
    private final EventPublisher publisher;
    private final String forgetTopic;
    private final UnlearnerMetrics metrics;
    private final SubjectDirectory subjects;
    private final Pseudonymizer pseudonyms;
    private final RequestAccess access;

    public IntakeService(CheckpointStore checkpoints, ManifestStore manifests, RequestStore requests,
                         RequestLifecycle lifecycle, ForgetRequestRules rules, EventPublisher publisher,
                         String forgetTopic, UnlearnerMetrics metrics, SubjectDirectory subjects,
                         Pseudonymizer pseudonyms, RequestAccess access) {
        this.subjects = subjects;
        this.pseudonyms = pseudonyms;
        this.access = access;
        this.checkpoints = checkpoints;
        this.manifests = manifests;
        this.requests = requests;
        this.lifecycle = lifecycle;
        this.rules = rules;
        this.publisher = publisher;
        this.forgetTopic = forgetTopic;
        this.metrics = metrics;
    }

    /** Files {@code body} on behalf of {@code requester} (the authenticated principal). */
    public IntakeResult submit(ForgetRequestBody body, String requester) {
        if (requester == null || requester.isBlank()) {
            throw new IllegalArgumentException("a requester principal is required");
        }
        try {
            IntakeResult result = accept(body, requester);
            metrics.request(result.duplicate() ? UnlearnerMetrics.DUPLICATE : UnlearnerMetrics.ACCEPTED);
            return result;
        } catch (RejectedRequestException e) {
            metrics.request(UnlearnerMetrics.REJECTED);
            throw e;
        } catch (StorageException | IllegalStateException e) {
            // S3 or the broker is unreachable (short client timeouts): tell the client to retry, fast
            throw new RejectedRequestException(503, "cannot record the request durably right now: " + e.getMessage());
        }
    }

    private IntakeResult accept(ForgetRequestBody body, String requester) {
        validateShape(body);
        List<ModelManifest> targets = targets(body);
        String datasetId = targets.get(0).datasetId();
        DatasetManifest dataset = manifests.load(datasetId)
                .orElseThrow(() -> new RejectedRequestException(422, "datasetId", "no dataset manifest for " + datasetId));
        List<Integer> samples = resolveSamples(body, dataset, targets);
        String subjectRef = body.subjectId() == null ? null : subjects.subjectRef(datasetId, body.subjectId());

        List<IntakeResult.Target> created = new ArrayList<>();
        List<IntakeResult.Target> duplicates = new ArrayList<>();
        for (ModelManifest model : targets) {
            // what this model holds of the samples: trained on now, or already forgotten earlier in its lineage
            Set<Integer> lineage = new java.util.HashSet<>(model.trainSampleIds());
            lineage.addAll(model.forgottenSampleIds());
            List<Integer> mine = samples.stream().filter(lineage::contains).toList();
            if (mine.isEmpty()) {
                continue;
            }
            Optional<String> earlier = earlierRequest(model, mine, requester);
            if (earlier.isPresent()) {
                duplicates.add(new IntakeResult.Target(earlier.get(), model.modelId(), mine.size(), null));
            } else {
                // the event names all of the subject's samples, so all of them are tombstoned for later trainings
                created.add(create(model, samples, mine.size(), subjectRef, body.method(), body.callbackUrl(),
                        requester));
            }
        }
        if (created.isEmpty() && duplicates.isEmpty()) {
            throw new RejectedRequestException(422, body.allModels()
                    ? "no model of dataset " + datasetId + " was trained on these samples"
                    : "model " + body.modelId() + " was not trained on these samples");
        }
        if (created.isEmpty()) {
            return new IntakeResult("duplicate", duplicates.get(0).requestId(), duplicates);
        }
        return new IntakeResult("accepted", created.get(0).requestId(), created);
    }

    private void validateShape(ForgetRequestBody body) {
        boolean bySubject = body.subjectId() != null && !body.subjectId().isBlank();
        boolean bySamples = body.sampleIds() != null && !body.sampleIds().isEmpty();
        if (bySubject == bySamples) {
            throw new RejectedRequestException(400, "give exactly one of subjectId or a non-empty sampleIds list");
        }
        if (bySamples) {
            rules.checkSampleIds(body.sampleIds());
        }
        rules.method(body.method());
        rules.callbackUrl(body.callbackUrl());
        if (body.allModels() && (body.datasetId() == null || body.datasetId().isBlank())) {
            throw new RejectedRequestException(400, "datasetId", "datasetId is required when no single modelId is given");
        }
    }

    private List<ModelManifest> targets(ForgetRequestBody body) {
        if (!body.allModels()) {
            return List.of(rules.model(body.modelId()));
        }
        List<ModelManifest> all = checkpoints.modelIds().stream().map(checkpoints::latest).flatMap(Optional::stream)
                .filter(m -> m.datasetId().equals(body.datasetId())).toList();
        if (all.isEmpty()) {
            throw new RejectedRequestException(404, "datasetId", "no model was trained on dataset " + body.datasetId());
        }
        return all;
    }

    private List<Integer> resolveSamples(ForgetRequestBody body, DatasetManifest dataset, List<ModelManifest> targets) {
        if (body.subjectId() != null && !body.subjectId().isBlank()) {
            return subjects.samplesOf(dataset, body.subjectId()).map(l -> List.copyOf(new TreeSet<>(l)))
                    .orElseThrow(() -> new RejectedRequestException(404, "subjectId", "unknown data subject in dataset "
                            + dataset.datasetId()));
        }
        // a user's dataset lists no samples in its manifest: the target models' pools say which exist
        Set<Integer> pool = new java.util.HashSet<>();
        if (dataset.usesMapping()) {
            targets.forEach(m -> {
                pool.addAll(m.trainSampleIds());
                pool.addAll(m.heldOutSampleIds());
                pool.addAll(m.forgottenSampleIds());
            });
        }
        List<Integer> unknown = body.sampleIds().stream()
                .filter(id -> dataset.usesMapping() ? !pool.contains(id) : !dataset.containsSample(id)).distinct().toList();
        if (!unknown.isEmpty()) {
            throw new RejectedRequestException(422, "sampleIds", unknown.size() + " sample id(s) are not in the manifest of "
                    + dataset.datasetId() + ", e.g. " + unknown.subList(0, Math.min(5, unknown.size())));
        }
        return List.copyOf(new TreeSet<>(body.sampleIds()));
    }

    /**
     * This requester's earlier request that already covers these samples for this model (forgotten, or a live
     * identical request). Another requester's request never counts: its id would open their status and receipt.
     */
    private Optional<String> earlierRequest(ModelManifest model, List<Integer> samples, String requester) {
        Optional<String> same = requests.byContent(pseudonyms.contentKey(requester, model.modelId(),
                        samples.stream().filter(model.trainSampleIds()::contains).toList()))
                .filter(id -> requests.find(id).map(r -> r.status() != RequestStatus.FAILED).orElse(false));
        if (same.isPresent()) {
            return same;
        }
        if (model.forgottenSampleIds().containsAll(samples)) {
            List<String> ids = model.requestIds();
            for (int i = ids.size() - 1; i >= 0; i--) {
                if (access.owns(ids.get(i), requester)) {
                    return Optional.of(ids.get(i));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Records the request (RECEIVED, tombstoned) and then publishes it. If the publish fails the request was never
     * accepted: it is withdrawn (record, tombstone and index removed) and the client gets 503. Should the withdrawal
     * fail too, the record stays and its owner's reconciler publishes it later: the retry's {@code duplicate} then
     * names a request that will be processed.
     */
    private IntakeResult.Target create(ModelManifest model, List<Integer> samples, int inModel, String subjectRef,
                                       String method, String callbackUrl, String requester) {
        // a random (122-bit) UUID: ids are not guessable, and reading one still needs the owner, role or capability
        String requestId = "fr-" + UUID.randomUUID();
        // ownership first: a record is never readable by a requester other than its owner, even mid-intake
        String capability = access.grant(requestId, requester);
        ForgetRequested event = new ForgetRequested(ForgetRequested.SCHEMA_VERSION, requestId, model.modelId(),
                model.datasetId(), subjectRef, samples, rules.method(method), Instant.now(), rules.callbackUrl(callbackUrl));
        List<String> contentKeys = List.of(pseudonyms.contentKey(requester, model.modelId(), samples),
                pseudonyms.contentKey(requester, model.modelId(),
                        samples.stream().filter(model.trainSampleIds()::contains).toList()));
        ForgetRequestRecord record = ForgetRequestRecord.received(requestId, model.modelId(), model.datasetId(),
                samples, event.method(), event.requestedAt(), event.requestedAt());
        try {
            lifecycle.receive(event);
            contentKeys.forEach(k -> requests.indexContent(k, requestId));
            publisher.publish(forgetTopic, event, requestId);
        } catch (RuntimeException e) {
            try {
                contentKeys.forEach(requests::removeContent);
                lifecycle.withdraw(record);
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        return new IntakeResult.Target(requestId, model.modelId(), inModel, capability);
    }
}
