package io.deepunlearn.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.deepunlearn.pipeline.security.StorageGrants;
import io.deepunlearn.pipeline.security.StorageGrants.Bucket;
import io.deepunlearn.pipeline.security.StorageGrants.Principal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Least-privilege storage (docs/security.md, "Object store"): one MinIO policy per S3 user in deploy/minio/policies
 * granting exactly {@link StorageGrants}' plan, the bucket job creating each user with its policy, and every
 * workload of every overlay authenticating as its own user. The compose side is in {@link ComposeFileTest}.
 */
class MinioPoliciesTest {

    private static final Path POLICIES = Repo.path("deploy/minio/policies");
    private static final Set<String> STATEMENT_FIELDS = Set.of("Sid", "Effect", "Action", "Resource");

    static List<String> overlays() {
        return Manifests.overlays();
    }

    private static JsonNode policy(String principal) {
        return Yaml.read(POLICIES.resolve(principal + ".json"));
    }

    private static List<String> strings(JsonNode stringOrArray) {
        List<String> out = new ArrayList<>();
        if (stringOrArray.isTextual()) {
            out.add(stringOrArray.asText());
        } else {
            stringOrArray.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /** The document's grants as "action resource" pairs, as {@link Principal#permissions} writes them. */
    private static Set<String> permissions(JsonNode policy) {
        Set<String> out = new TreeSet<>();
        policy.path("Statement").forEach(st -> {
            for (String action : strings(st.path("Action"))) {
                for (String resource : strings(st.path("Resource"))) {
                    out.add(action + " " + resource);
                }
            }
        });
        return out;
    }

    @Test
    void onePolicyFilePerPrincipalAndNoOther() throws IOException {
        try (Stream<Path> files = Files.list(POLICIES)) {
            assertThat(files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()))
                    .isEqualTo(StorageGrants.plan().keySet().stream().map(n -> n + ".json").collect(Collectors.toSet()));
        }
    }

    @Test
    void everyPolicyParsesAndGrantsExactlyWhatStorageGrantsPlans() {
        for (Principal p : StorageGrants.plan().values()) {
            JsonNode doc = policy(p.name());
            assertThat(doc.path("Version").asText()).as(p.name()).isEqualTo("2012-10-17");
            Set<String> sids = new HashSet<>();
            doc.path("Statement").forEach(st -> {
                // plain Allow statements only: no Deny to reason about, no conditions, no NotAction/NotResource
                Set<String> fields = new HashSet<>();
                st.fieldNames().forEachRemaining(fields::add);
                assertThat(STATEMENT_FIELDS).as(p.name() + " statement fields").containsAll(fields);
                assertThat(st.path("Effect").asText()).as(p.name()).isEqualTo("Allow");
                assertThat(sids.add(st.path("Sid").asText())).as(p.name() + " duplicate Sid " + st.path("Sid")).isTrue();
            });
            assertThat(permissions(doc)).as(p.name()).isEqualTo(p.permissions(StorageGrants.defaultNames()));
        }
    }

    @Test
    void noWildcardActionNoAdministrationAndNoDeleteOrRetentionInTheEvidenceBucket() {
        String evidence = "arn:aws:s3:::" + Bucket.EVIDENCE.defaultName();
        for (String name : StorageGrants.plan().keySet()) {
            for (String permission : permissions(policy(name))) {
                String action = permission.substring(0, permission.indexOf(' '));
                String resource = permission.substring(permission.indexOf(' ') + 1);
                assertThat(action).as(name).startsWith("s3:").doesNotContain("*");
                assertThat(resource).as(name).startsWith("arn:aws:s3:::").isNotEqualTo("arn:aws:s3:::*");
                if (resource.equals(evidence) || resource.startsWith(evidence + "/")) {
                    assertThat(action).as(name + " on " + resource).doesNotStartWith("s3:Delete")
                            .doesNotContain("Retention").doesNotContain("LegalHold").doesNotContain("ObjectLock")
                            .doesNotContain("Bypass");
                }
            }
        }
    }

    @Test
    void theBucketScriptCreatesEachUserWithItsPolicyAndKeepsTheReceiptsWorm() throws IOException {
        String script = Files.readString(Repo.path("deploy/minio/init-buckets.sh"));
        assertThat(script).contains("mc admin policy create store \"$policy\"", "mc admin policy attach store \"$policy\" --user \"$2\"",
                "mc admin user add store \"$2\" \"$3\"", "policy=\"deepunlearn-$1\"", "POLICY_DIR=\"${POLICY_DIR:-$(dirname \"$0\")/policies}\"",
                // object lock and default retention on the evidence bucket, unchanged
                "mc mb --ignore-existing --with-lock \"store/$EVIDENCE\"",
                "mc retention set --default \"$RETENTION_MODE\" \"${RETENTION_DAYS}d\" \"store/$EVIDENCE\"");
        for (String name : StorageGrants.plan().keySet()) {
            String env = name.equals(StorageGrants.CAMPAIGN_WORKER) ? "CAMPAIGN" : name.replace("-service", "").toUpperCase(java.util.Locale.ROOT);
            assertThat(script).as(name).contains("user_with_policy " + name + " \"$" + env + "_S3_ACCESS_KEY\" \"$" + env + "_S3_SECRET_KEY\"");
        }
        // configured bucket names replace the defaults the policy files name
        for (Bucket b : Bucket.values()) {
            assertThat(script).contains("s#arn:aws:s3:::" + b.defaultName() + "\\([/\\\"]\\)#arn:aws:s3:::$");
        }
        // the services' credentials never come from the root account, and no policy is attached to it
        assertThat(script).doesNotContain("--user \"$MINIO_ROOT_USER\"");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyWorkloadIsItsOwnS3UserAndTheBucketJobCreatesThemAll(String overlay) {
        Manifests m = Manifests.of(overlay);
        JsonNode job = m.one("Job", "minio-init");
        JsonNode mc = Manifests.container(job);
        Map<String, String> jobEnv = secretEnv(mc);
        Map<String, String> users = new HashMap<>();
        for (String service : PipelineContract.HTTP_PORTS.keySet()) {
            String secret = PipelineContract.s3Secret(service);
            users.put(service, secret);
            JsonNode container = Manifests.container(m.one("Deployment", service));
            assertOwnUser(service, container, secret);
            String env = service.replace("-service", "").toUpperCase(java.util.Locale.ROOT);
            assertThat(jobEnv).as("minio-init").containsEntry(env + "_S3_ACCESS_KEY", secret + "/access-key")
                    .containsEntry(env + "_S3_SECRET_KEY", secret + "/secret-key");
        }
        if (m.ofKind("Job").anyMatch(j -> j.at("/metadata/name").asText().equals("deepunlearn-campaign"))) {
            assertOwnUser("campaign worker", Manifests.container(m.one("Job", "deepunlearn-campaign")),
                    PipelineContract.CAMPAIGN_S3_SECRET);
            assertThat(jobEnv).containsEntry("CAMPAIGN_S3_ACCESS_KEY", PipelineContract.CAMPAIGN_S3_SECRET + "/access-key");
            users.put(StorageGrants.CAMPAIGN_WORKER, PipelineContract.CAMPAIGN_S3_SECRET);
        } else {
            assertThat(jobEnv).doesNotContainKey("CAMPAIGN_S3_ACCESS_KEY");
        }
        assertThat(new HashSet<>(users.values())).as("one Secret per user").hasSize(users.size());
        // nothing but MinIO and its Job sees the root credentials
        m.all().stream().filter(d -> List.of("Deployment", "Job", "StatefulSet").contains(d.path("kind").asText()))
                .filter(d -> !Set.of("minio", "minio-init").contains(d.at("/metadata/name").asText()))
                .forEach(d -> assertThat(d.at("/spec/template").toString()).as(Manifests.describe(d)).doesNotContain("minio-root"));

        // the policies reach the Job as files named as deploy/minio/policies names them, byte for byte
        JsonNode volume = null;
        for (JsonNode v : job.at("/spec/template/spec/volumes")) {
            if (v.at("/configMap/name").asText().startsWith("minio-init-policies")) {
                volume = v;
            }
        }
        assertThat(volume).as("the minio-init-policies volume").isNotNull();
        String mountPath = null;
        for (JsonNode mount : mc.path("volumeMounts")) {
            if (mount.path("name").asText().equals(volume.path("name").asText())) {
                mountPath = mount.path("mountPath").asText();
            }
        }
        String policyDir = null;
        for (JsonNode e : mc.path("env")) {
            if (e.path("name").asText().equals("POLICY_DIR")) {
                policyDir = e.path("value").asText();
            }
        }
        assertThat(mountPath).isNotNull().isEqualTo(policyDir);
        JsonNode data = m.one("ConfigMap", volume.at("/configMap/name").asText()).path("data");
        for (String name : StorageGrants.plan().keySet()) {
            try {
                assertThat(data.path(name + ".json").asText()).as(name).isEqualTo(Files.readString(POLICIES.resolve(name + ".json")));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static void assertOwnUser(String who, JsonNode container, String secret) {
        Map<String, String> env = secretEnv(container);
        assertThat(env).as(who).containsEntry("DEEPUNLEARN_S3_ACCESS_KEY", secret + "/access-key")
                .containsEntry("DEEPUNLEARN_S3_SECRET_KEY", secret + "/secret-key");
        container.path("envFrom").forEach(r -> assertThat(r.at("/secretRef/name").asText()).as(who)
                .isNotIn("minio-root", "deepunlearn-s3"));
    }

    /** Environment variables taken from Secrets: name to "secret/key". */
    private static Map<String, String> secretEnv(JsonNode container) {
        Map<String, String> out = new HashMap<>();
        container.path("env").forEach(e -> {
            if (e.at("/valueFrom/secretKeyRef").isObject()) {
                out.put(e.path("name").asText(), e.at("/valueFrom/secretKeyRef/name").asText() + "/"
                        + e.at("/valueFrom/secretKeyRef/key").asText());
            }
        });
        return out;
    }
}
