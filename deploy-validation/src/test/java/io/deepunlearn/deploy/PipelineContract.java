package io.deepunlearn.deploy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The parts of the shared pipeline contract that the deployment must honour (ports, topics, groups, settings). */
final class PipelineContract {

    static final Map<String, Integer> HTTP_PORTS = Map.of("trainer-service", 8081, "unlearner-service", 8082, "auditor-service", 8083);
    static final List<String> HEALTH_PATHS = List.of("/q/health/live", "/q/health/ready", "/q/health/started");
    static final String METRICS_PATH = "/q/metrics";

    static final String FORGET_TOPIC = "deepunlearn.forget.requested";
    static final String STATUS_TOPIC = "deepunlearn.request.status";
    static final List<String> TOPICS = List.of("deepunlearn.training.requested", "deepunlearn.checkpoint.published", FORGET_TOPIC,
            "deepunlearn.unlearning.completed", "deepunlearn.audit.completed", "deepunlearn.retrain.requested", STATUS_TOPIC);
    static final String UNLEARNER_GROUP = "unlearner-workers";
    static final Set<String> CONSUMER_GROUPS = Set.of("trainer-service", UNLEARNER_GROUP, "auditor-service");

    /** Settings every service reads from its environment; the credentials come from a Secret instead. */
    static final Set<String> CONFIG_ENV = Set.of("KAFKA_BOOTSTRAP_SERVERS", "DEEPUNLEARN_S3_ENDPOINT", "DEEPUNLEARN_S3_REGION",
            "DEEPUNLEARN_BUCKET_MODELS", "DEEPUNLEARN_BUCKET_DATASETS", "DEEPUNLEARN_BUCKET_EVIDENCE",
            "DEEPUNLEARN_UNLEARNING_METHOD", "DEEPUNLEARN_AUDIT_MIA_MAX", "DEEPUNLEARN_COALESCE_WINDOW");
    static final Set<String> SECRET_ENV = Set.of("DEEPUNLEARN_S3_ACCESS_KEY", "DEEPUNLEARN_S3_SECRET_KEY");
    static final String MIA_MAX_DEFAULT = "0.6";

    /** Secrets the cluster operator creates before applying an overlay (docs/deployment.md). */
    static final Set<String> EXTERNAL_SECRETS = Set.of("minio-root", "deepunlearn-keys",
            "trainer-signing", "unlearner-signing", "auditor-signing", "trainer-s3", "unlearner-s3", "auditor-s3");
    /** The campaign workers' S3 user, where an overlay includes the campaign component. */
    static final String CAMPAIGN_S3_SECRET = "campaign-s3";

    /** The Secret holding a service's own S3 user ({@code access-key}, {@code secret-key}), e.g. trainer-s3. */
    static String s3Secret(String service) {
        return service.replace("-service", "") + "-s3";
    }

    private PipelineContract() {}

    /** Every topic plus a dead-letter topic for each consumed topic (all but the status topic). */
    static Set<String> topicsWithDeadLetters() {
        return Stream.concat(TOPICS.stream(), TOPICS.stream().filter(t -> !t.equals(STATUS_TOPIC)).map(t -> t + ".dlq"))
                .collect(Collectors.toSet());
    }
}
