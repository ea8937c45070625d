package io.deepunlearn.pipeline.storage;

import io.deepunlearn.pipeline.event.RequestStatus;
import java.time.Instant;
import java.util.List;

/**
 * The durable record of a forget request ({@code requests/{requestId}.json} in the models bucket, which is
 * deletable, unlike evidence). Written when the request is accepted, before the Kafka record is acknowledged.
 */
public record ForgetRequestRecord(String requestId, String modelId, String datasetId, List<Integer> sampleIds,
                                  String method, RequestStatus status, String reason, String version,
                                  Instant receivedAt, Instant updatedAt) {

    public ForgetRequestRecord with(RequestStatus newStatus, String newReason, String newVersion) {
        return new ForgetRequestRecord(requestId, modelId, datasetId, sampleIds, method, newStatus, newReason,
                newVersion == null ? version : newVersion, receivedAt, Instant.now());
    }
}
