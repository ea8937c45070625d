package io.deepunlearn.unlearner.service;

import io.deepunlearn.core.method.Methods;
import io.deepunlearn.pipeline.callback.CallbackSettings;
import io.deepunlearn.pipeline.callback.CallbackUrls;
import io.deepunlearn.pipeline.event.ForgetRequested;
import io.deepunlearn.pipeline.storage.CheckpointStore;
import io.deepunlearn.pipeline.storage.ModelManifest;
import io.deepunlearn.pipeline.storage.RequestStore;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The rules a forget request must meet, in one place for both doors (REST intake and the Kafka topic, whoever
 * produced to it). A violation is a {@link RejectedRequestException} with the HTTP status and reason; the Kafka
 * door turns it into a dead letter with the same reason. Nothing is recorded or tombstoned for a rejected request.
 */
public class ForgetRequestRules {

    private final CheckpointStore checkpoints;
    private final int maxSamples;
    private final CallbackSettings callbacks;

    public ForgetRequestRules(CheckpointStore checkpoints, int maxSamples) {
        this(checkpoints, maxSamples, CallbackSettings.defaults());
    }

    public ForgetRequestRules(CheckpointStore checkpoints, int maxSamples, CallbackSettings callbacks) {
        this.checkpoints = checkpoints;
        this.maxSamples = maxSamples;
        this.callbacks = callbacks;
    }

    /** A callback URL, when given, meets the URL policy ({@link CallbackUrls}); 422 naming the reason otherwise. */
    public String callbackUrl(String url) {
        if (url == null) {
            return null;
        }
        try {
            return CallbackUrls.check(url, callbacks).toString();
        } catch (IllegalArgumentException e) {
            throw new RejectedRequestException(422, "callbackUrl", e.getMessage());
        }
    }

    public int maxSamples() {
        return maxSamples;
    }

    /** Sample ids: present, at most {@code maxSamples}, no nulls, non-negative. */
    public void checkSampleIds(List<Integer> sampleIds) {
        if (sampleIds == null || sampleIds.isEmpty()) {
            throw new RejectedRequestException(400, "sampleIds", "sampleIds is empty");
        }
        if (sampleIds.size() > maxSamples) {
            throw new RejectedRequestException(413, "sampleIds", "sampleIds has " + sampleIds.size()
                    + " entries; at most " + maxSamples + " are accepted per request");
        }
        if (sampleIds.stream().anyMatch(id -> id == null || id < 0)) {
            throw new RejectedRequestException(400, "sampleIds", "sampleIds must be non-negative integers");
        }
    }

    /** A method override, when given, names a method of the ML core (else 422); returns its canonical name or null. */
    public String method(String method) {
        if (method == null || method.isBlank()) {
            return null;
        }
        try {
            return Methods.get(method).name();
        } catch (IllegalArgumentException e) {
            throw new RejectedRequestException(422, "method", e.getMessage());
        }
    }

    /** The model's newest version; 400 for a malformed id, 404 for an unknown model. */
    public ModelManifest model(String modelId) {
        try {
            CheckpointStore.requireModelId(modelId);
        } catch (IllegalArgumentException e) {
            throw new RejectedRequestException(400, "modelId", e.getMessage());
        }
        return checkpoints.latest(modelId).orElseThrow(() -> new RejectedRequestException(404, "modelId", "unknown model " + modelId));
    }

    /**
     * A forget-requested event as a whole: its id, model, dataset (the model's own), samples (of the model's
     * dataset pool: trained-on, held out or already forgotten) and method. Returns the model's newest version.
     */
    public ModelManifest check(ForgetRequested e) {
        try {
            RequestStore.requireRequestId(e.requestId());
        } catch (IllegalArgumentException ex) {
            throw new RejectedRequestException(400, ex.getMessage());
        }
        checkSampleIds(e.sampleIds());
        method(e.method());
        callbackUrl(e.callbackUrl());
        ModelManifest head = model(e.modelId());
        Set<Integer> pool = new HashSet<>(head.trainSampleIds());
        pool.addAll(head.heldOutSampleIds());
        pool.addAll(head.forgottenSampleIds());
        List<Integer> foreign = e.sampleIds().stream().filter(id -> !pool.contains(id)).limit(5).toList();
        if (!foreign.isEmpty()) {
            throw new RejectedRequestException(422, "sampleIds", "sample(s) " + foreign + " are not in the dataset of model "
                    + e.modelId());
        }
        if (!Objects.equals(e.datasetId(), head.datasetId())) {
            throw new RejectedRequestException(422, "datasetId", "dataset " + e.datasetId() + " is not the dataset of model "
                    + e.modelId() + " (" + head.datasetId() + ")");
        }
        return head;
    }
}
