package io.deepunlearn.pipeline.security;

import io.deepunlearn.pipeline.messaging.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which topics each service principal may write and read, and its consumer groups: the single source for the
 * Strimzi {@code KafkaUser} ACLs in deploy/k8s, the compose broker's ACLs and the in-process broker of the local
 * stack and tests. A principal writes only the topics it owns (plus the dead-letter topics of what it consumes)
 * and reads only what it consumes, so one compromised service cannot forge another's events (for example an
 * {@code unlearning.completed} that releases a model, or {@code PUBLISHED} statuses).
 */
public final class KafkaAcls {

    /** One service's grants; group names ending in {@code *} are prefixes (per-instance groups). */
    public record Grant(String principal, Set<String> writes, Set<String> reads, Set<String> groups) {
    }

    private KafkaAcls() {
    }

    public static Map<String, Grant> plan(Topics t) {
        Map<String, Grant> plan = new LinkedHashMap<>();
        // the REST intake of training jobs publishes training-requested; the consumers' dead letters are its own
        plan.put("trainer-service", new Grant("trainer-service",
                Set.of(t.trainingRequested(), t.checkpointPublished(), t.requestStatus(),
                        Topics.deadLetter(t.trainingRequested()), Topics.deadLetter(t.retrainRequested())),
                Set.of(t.trainingRequested(), t.retrainRequested()),
                Set.of("trainer-service")));
        plan.put("unlearner-service", new Grant("unlearner-service",
                Set.of(t.forgetRequested(), t.unlearningCompleted(), t.requestStatus(), Topics.deadLetter(t.forgetRequested())),
                Set.of(t.forgetRequested()),
                Set.of("unlearner-workers")));
        // training-requested: the U-LiRA shadow models the auditor asks the trainer for (docs/ulira.md)
        plan.put("auditor-service", new Grant("auditor-service",
                Set.of(t.auditCompleted(), t.retrainRequested(), t.trainingRequested(), t.requestStatus(),
                        Topics.deadLetter(t.unlearningCompleted()), Topics.deadLetter(t.checkpointPublished())),
                Set.of(t.unlearningCompleted(), t.checkpointPublished()),
                Set.of("auditor-service")));
        return plan;
    }
}
