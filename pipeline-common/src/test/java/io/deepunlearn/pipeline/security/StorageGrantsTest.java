package io.deepunlearn.pipeline.security;

import static io.deepunlearn.pipeline.security.StorageGrants.AUDITOR;
import static io.deepunlearn.pipeline.security.StorageGrants.CAMPAIGN_WORKER;
import static io.deepunlearn.pipeline.security.StorageGrants.TRAINER;
import static io.deepunlearn.pipeline.security.StorageGrants.UNLEARNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.deepunlearn.pipeline.security.StorageGrants.Access;
import io.deepunlearn.pipeline.security.StorageGrants.Bucket;
import io.deepunlearn.pipeline.storage.EvidenceStore;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The invariants of the storage plan that the MinIO policies are checked against (deploy-validation). */
class StorageGrantsTest {

    private static final String RECEIPT = EvidenceStore.RECEIPTS_PREFIX + "r-1.json";
    private static final String DRAFT = EvidenceStore.DRAFTS_PREFIX + "r-1.json";

    @Test
    void oneUserPerServiceAndForTheCampaignWorkers() {
        assertThat(StorageGrants.plan().keySet()).containsExactly(TRAINER, UNLEARNER, AUDITOR, CAMPAIGN_WORKER);
        // the same principals as Kafka's, plus the campaign workers (which have no Kafka user)
        assertThat(StorageGrants.plan().keySet())
                .containsAll(KafkaAcls.plan(io.deepunlearn.pipeline.messaging.Topics.defaults()).keySet());
    }

    @Test
    void nobodyDeletesOrRewritesTheRetentionOfAnythingInTheEvidenceBucket() {
        for (var p : StorageGrants.plan().values()) {
            p.grants().stream().filter(g -> g.bucket() == Bucket.EVIDENCE).forEach(g -> assertThat(g.access())
                    .as(p.name() + " " + g.keys()).doesNotContain(Access.DELETE, Access.PURGE));
            assertThat(p.permissions(StorageGrants.defaultNames())).as(p.name())
                    .noneMatch(s -> s.contains("arn:aws:s3:::evidence") && s.startsWith("s3:Delete"))
                    .noneMatch(s -> s.contains("Retention") || s.contains("LegalHold") || s.contains("ObjectLock"));
        }
        for (Access a : EnumSet.of(Access.DELETE, Access.PURGE)) {
            assertThat(StorageGrants.allowed(a, Bucket.EVIDENCE, RECEIPT)).isEmpty();
            assertThat(StorageGrants.allowed(a, Bucket.EVIDENCE, DRAFT)).isEmpty();
        }
    }

    @Test
    void onlyTheAuditorWritesEvidenceExceptTheTrainerPromotingAnAuditorSignedDraft() {
        assertThat(StorageGrants.allowed(Access.WRITE, Bucket.EVIDENCE, DRAFT)).containsExactly(AUDITOR);
        assertThat(StorageGrants.allowed(Access.WRITE, Bucket.EVIDENCE, RECEIPT)).containsExactly(AUDITOR, TRAINER);
        assertThat(StorageGrants.allowed(Access.WRITE, Bucket.EVIDENCE, "reports/x.json")).isEmpty();
        // the exception is written down where the policies are explained
        assertThat(StorageGrants.plan().get(TRAINER).caveats()).anyMatch(c -> c.contains("receipts/"));
    }

    @Test
    void onlyTheTrainerAndTheAuditorReleaseAndOnlyTheModelPublishersWriteVersions() {
        String release = "models/m-1/release.json";
        assertThat(StorageGrants.allowed(Access.WRITE, Bucket.MODELS, release)).containsExactly(AUDITOR, TRAINER);
        assertThat(StorageGrants.allowed(Access.WRITE, Bucket.MODELS, "models/m-1/versions/000002-abc/checkpoint.bin"))
                .containsExactly(TRAINER, UNLEARNER);
        assertThat(StorageGrants.allowed(Access.WRITE, Bucket.MODELS, "models/m-1/sequence/000002"))
                .containsExactly(TRAINER, UNLEARNER);
        assertThat(StorageGrants.allowed(Access.WRITE, Bucket.MODELS, "models/m-1/versions/000002-abc/model.safetensors"))
                .containsExactly(AUDITOR, TRAINER, UNLEARNER);
        // checkpoints are never deleted by anybody
        assertThat(StorageGrants.allowed(Access.DELETE, Bucket.MODELS, "models/m-1/versions/000002-abc/checkpoint.bin")).isEmpty();
    }

    @Test
    void shadowsAreTrainedByTheTrainerAndErasedOnlyByTheAuditor() {
        String shadow = "shadows/m-1/g000001/s000/checkpoint.bin";
        assertThat(StorageGrants.allowed(Access.WRITE, Bucket.MODELS, shadow)).containsExactly(TRAINER);
        assertThat(StorageGrants.allowed(Access.PURGE, Bucket.MODELS, shadow)).containsExactly(AUDITOR);
        assertThat(StorageGrants.plan().get(AUDITOR).versionListing()).containsExactly(Bucket.MODELS);
        assertThat(StorageGrants.plan().get(TRAINER).versionListing()).isEmpty();
    }

    @Test
    void rawDataAndMappingsAreWrittenByTheTrainerAndNeverDeletedByAService() {
        for (String key : new String[] {"uploads/ds/train.csv", "registered/ds.json", "subjects/ds/b-1.json", "manifests/ds.json"}) {
            assertThat(StorageGrants.allowed(Access.WRITE, Bucket.DATASETS, key)).as(key).containsExactly(TRAINER);
            assertThat(StorageGrants.allowed(Access.DELETE, Bucket.DATASETS, key)).as(key).isEmpty();
        }
        // tombstones: written once by the unlearner's intake, withdrawn only by it
        assertThat(StorageGrants.allowed(Access.WRITE, Bucket.DATASETS, "tombstones/ds/r-1.json")).containsExactly(UNLEARNER);
        assertThat(StorageGrants.allowed(Access.DELETE, Bucket.DATASETS, "tombstones/ds/r-1.json")).containsExactly(UNLEARNER);
        assertThat(StorageGrants.allowed(Access.READ, Bucket.DATASETS, "tombstones/ds/r-1.json"))
                .containsExactly(AUDITOR, TRAINER, UNLEARNER);
    }

    @Test
    void everyServiceMovesRequestsButOnlyTheUnlearnerDeletesRecordsOrDeliversCallbacks() {
        for (String s : Set.of(TRAINER, UNLEARNER, AUDITOR)) {
            var p = StorageGrants.plan().get(s);
            assertThat(p.may(Access.WRITE, Bucket.MODELS, "requests/r-1.json")).as(s).isTrue();
            assertThat(p.may(Access.DELETE, Bucket.MODELS, "requests/index/status/RECEIVED/m-1/r-1")).as(s).isTrue();
            assertThat(p.may(Access.DELETE, Bucket.MODELS, "requests/open/m-1/r-1")).as(s).isTrue();
            assertThat(p.may(Access.WRITE, Bucket.MODELS, "callbacks/pending/r-1.json")).as(s).isTrue();
        }
        assertThat(StorageGrants.allowed(Access.DELETE, Bucket.MODELS, "requests/r-1.json")).containsExactly(UNLEARNER);
        assertThat(StorageGrants.allowed(Access.WRITE, Bucket.MODELS, "callbacks/done/r-1.json")).containsExactly(UNLEARNER);
        assertThat(StorageGrants.allowed(Access.WRITE, Bucket.MODELS, "jobs/j-1.json")).containsExactly(TRAINER);
    }

    @Test
    void theCampaignWorkersUseTheCampaignsBucketAloneAndTheServicesNeverTouchIt() {
        assertThat(StorageGrants.plan().get(CAMPAIGN_WORKER).buckets()).containsExactly(Bucket.CAMPAIGNS);
        for (String s : Set.of(TRAINER, UNLEARNER, AUDITOR)) {
            assertThat(StorageGrants.plan().get(s).buckets()).as(s).doesNotContain(Bucket.CAMPAIGNS);
        }
    }

    @Test
    void noWildcardActionNoWholeBucketObjectGrantAndNoAdministration() {
        for (var p : StorageGrants.plan().values()) {
            for (String permission : p.permissions(StorageGrants.defaultNames())) {
                String action = permission.substring(0, permission.indexOf(' '));
                String resource = permission.substring(permission.indexOf(' ') + 1);
                assertThat(action).as(p.name()).doesNotContain("*").startsWith("s3:")
                        .isNotIn("s3:PutBucketPolicy", "s3:DeleteBucket", "s3:CreateBucket", "s3:PutBucketVersioning",
                                "s3:PutObjectRetention", "s3:BypassGovernanceRetention", "s3:PutBucketObjectLockConfiguration");
                assertThat(resource).as(p.name()).startsWith("arn:aws:s3:::").doesNotEndWith(":::*").doesNotEndWith("/*/*")
                        .doesNotMatch("arn:aws:s3:::[^/]+/\\*");
            }
        }
        assertThatThrownBy(() -> new StorageGrants.Grant(Bucket.MODELS, "*", Set.of(Access.READ), "all"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keyPatternsMatchAsIamDoes() {
        assertThat(StorageGrants.glob("models/*/release.json", "models/a/release.json")).isTrue();
        assertThat(StorageGrants.glob("models/*/release.json", "models/a/b/release.json")).isTrue(); // '*' spans '/'
        assertThat(StorageGrants.glob("models/*/release.json", "models/a/release.json.sig")).isFalse();
        assertThat(StorageGrants.glob("requests/open/*", "requests/r-1.json")).isFalse();
        assertThat(StorageGrants.glob("a.b/*", "axb/c")).isFalse(); // literal dots
    }
}
