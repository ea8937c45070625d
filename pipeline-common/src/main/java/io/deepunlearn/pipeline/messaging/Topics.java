package io.deepunlearn.pipeline.messaging;

import java.util.List;

/**
 * Topic names (each one a configuration key in the services; these are the defaults). Dead letters of a topic
 * go to {@code <topic>.dlq} with a {@code dead-letter-reason} header.
 */
public record Topics(String trainingRequested, String checkpointPublished, String forgetRequested,
                     String unlearningCompleted, String auditCompleted, String retrainRequested, String requestStatus) {

    public static final String DLQ_SUFFIX = ".dlq";

    public static Topics defaults() {
        return new Topics("deepunlearn.training.requested", "deepunlearn.checkpoint.published",
                "deepunlearn.forget.requested", "deepunlearn.unlearning.completed", "deepunlearn.audit.completed",
                "deepunlearn.retrain.requested", "deepunlearn.request.status");
    }

    public static String deadLetter(String topic) {
        return topic + DLQ_SUFFIX;
    }

    public List<String> all() {
        return List.of(trainingRequested, checkpointPublished, forgetRequested, unlearningCompleted, auditCompleted,
                retrainRequested, requestStatus);
    }
}
