package io.deepunlearn.pipeline.security;

import io.deepunlearn.pipeline.messaging.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

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

    /**
     * The grants as broker ACL bindings, as Strimzi's User Operator or deploy/compose/create-acls.sh create them: per
     * written topic WRITE and DESCRIBE, per read topic READ and DESCRIBE, per group READ (a {@code *} group is a
     * PREFIXED pattern), all ALLOW from any host for {@code User:<principal>}.
     */
    public static List<AclBinding> bindings(Collection<Grant> grants) {
        List<AclBinding> acls = new ArrayList<>();
        for (Grant g : grants) {
            String user = "User:" + g.principal();
            for (String t : new TreeSet<>(g.writes())) {
                acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, user, AclOperation.WRITE));
                acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, user, AclOperation.DESCRIBE));
            }
            for (String t : new TreeSet<>(g.reads())) {
                acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, user, AclOperation.READ));
                acls.add(allow(ResourceType.TOPIC, t, PatternType.LITERAL, user, AclOperation.DESCRIBE));
            }
            for (String grp : new TreeSet<>(g.groups())) {
                acls.add(grp.endsWith("*")
                        ? allow(ResourceType.GROUP, grp.substring(0, grp.length() - 1), PatternType.PREFIXED, user, AclOperation.READ)
                        : allow(ResourceType.GROUP, grp, PatternType.LITERAL, user, AclOperation.READ));
            }
        }
        return acls.stream().distinct().toList();
    }

    private static AclBinding allow(ResourceType type, String name, PatternType pattern, String user, AclOperation op) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(user, "*", op, AclPermissionType.ALLOW));
    }
}
