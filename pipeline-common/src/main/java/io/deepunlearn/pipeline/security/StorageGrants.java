package io.deepunlearn.pipeline.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which S3 principal may read, write and delete which keys of which bucket: the single source of the MinIO policies
 * in deploy/minio/policies (one user per service, created by deploy/minio/init-buckets.sh; deploy-validation checks
 * that every policy document grants exactly this). It is derived from what the code does, store by store:
 * <ul>
 *   <li>every pipeline service moves requests through the shared {@code RequestLifecycle} (records and status
 *   index under {@code requests/}, the reconciler drops open markers) and a closing transition queues a callback
 *   ({@code callbacks/pending/}); only the unlearner's intake creates requests (content index, access grants,
 *   tombstones) and withdraws them, and only its dispatcher delivers callbacks;</li>
 *   <li>the trainer publishes original and retrained versions and releases them, trains U-LiRA shadows, keeps its
 *   jobs, datasets (uploads, seals, manifests, subject mappings), and promotes the auditor's signed receipt draft
 *   after an exact retrain;</li>
 *   <li>the unlearner publishes unlearned versions (checkpoint, manifest, signature, sequence claim), never a
 *   release;</li>
 *   <li>the auditor releases a version (release pointer and serving weights), writes receipts and receipt drafts,
 *   and deletes superseded shadow generations for good (every S3 version);</li>
 *   <li>the campaign workers ({@code bench --as-worker}) use the campaigns bucket only.</li>
 * </ul>
 * Keys are S3 key patterns as IAM resources take them: {@code *} matches any run of characters, {@code /} included.
 * No principal may delete anything in the evidence bucket or change an object's retention, and only the auditor and
 * (promoting a draft the auditor signed) the trainer may write a receipt.
 */
public final class StorageGrants {

    /** The buckets, by their default names (configurable: DEEPUNLEARN_BUCKET_*; the policies are rewritten). */
    public enum Bucket {
        MODELS("models"), DATASETS("datasets"), EVIDENCE("evidence"), CAMPAIGNS("campaigns");

        private final String defaultName;

        Bucket(String defaultName) {
            this.defaultName = defaultName;
        }

        public String defaultName() {
            return defaultName;
        }
    }

    /** What a grant allows on the matching objects, as S3 actions. */
    public enum Access {
        READ("s3:GetObject"),
        WRITE("s3:PutObject"),
        DELETE("s3:DeleteObject"),
        /** Removal for good: the current object and every noncurrent version (an erasure on a versioned bucket). */
        PURGE("s3:DeleteObject", "s3:DeleteObjectVersion");

        private final List<String> actions;

        Access(String... actions) {
            this.actions = List.of(actions);
        }

        public List<String> actions() {
            return actions;
        }
    }

    /** The S3 actions on whole buckets every principal gets on the buckets it uses (no object content). */
    public static final List<String> BUCKET_ACTIONS = List.of("s3:ListBucket", "s3:GetBucketLocation");
    /** Read at start-up by the pipeline services ({@code Buckets.ensure}) and before a purge. */
    public static final String GET_VERSIONING = "s3:GetBucketVersioning";
    /** Needed to purge: the listing of every version under a prefix. */
    public static final String LIST_VERSIONS = "s3:ListBucketVersions";

    /** Receipts in the evidence bucket (see {@code EvidenceStore.RECEIPTS_PREFIX}). */
    public static final String RECEIPTS = "receipts/*";
    /** Receipt drafts waiting for an exact retrain ({@code EvidenceStore.DRAFTS_PREFIX}). */
    public static final String DRAFTS = "drafts/*";

    /** One grant: {@code access} on the keys of {@code bucket} matching {@code keys}; {@code why} names the code. */
    public record Grant(Bucket bucket, String keys, Set<Access> access, String why) {
        public Grant {
            if (keys.isEmpty() || keys.startsWith("/") || keys.equals("*")) {
                throw new IllegalArgumentException("a grant names a key prefix, not a whole bucket: '" + keys + "'");
            }
            access = Set.copyOf(access);
        }

        /** The IAM resource of the keys in a bucket named {@code bucketName}. */
        public String resource(String bucketName) {
            return "arn:aws:s3:::" + bucketName + "/" + keys;
        }

        /** Whether {@code key} matches this grant's pattern ({@code *}: any characters, '/' included). */
        public boolean matches(String key) {
            return glob(keys, key);
        }
    }

    /**
     * One S3 user: its grants, the buckets it uses ({@link #BUCKET_ACTIONS} on them), those whose versioning it
     * reads, and {@code caveats}: grants broader than the ideal, and why (docs/security.md lists them).
     */
    public record Principal(String name, List<Grant> grants, Set<Bucket> versioningRead, List<String> caveats) {
        public Principal {
            grants = List.copyOf(grants);
            versioningRead = versioningRead.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(versioningRead));
            caveats = List.copyOf(caveats);
        }

        public Set<Bucket> buckets() {
            Set<Bucket> out = EnumSet.noneOf(Bucket.class);
            grants.forEach(g -> out.add(g.bucket()));
            return out;
        }

        /** Buckets on which it may list every version (it purges there). */
        public Set<Bucket> versionListing() {
            Set<Bucket> out = EnumSet.noneOf(Bucket.class);
            grants.stream().filter(g -> g.access().contains(Access.PURGE)).forEach(g -> out.add(g.bucket()));
            return out;
        }

        /** Whether it may do {@code access} on {@code key} of {@code bucket}. */
        public boolean may(Access access, Bucket bucket, String key) {
            return grants.stream().anyMatch(g -> g.bucket() == bucket && g.matches(key)
                    && (g.access().contains(access) || (access == Access.DELETE && g.access().contains(Access.PURGE))));
        }

        /**
         * The IAM statements' content as (action, resource) pairs for the given bucket names, e.g.
         * {@code s3:PutObject arn:aws:s3:::models/jobs/*}: what its policy document must grant, no more, no less.
         */
        public Set<String> permissions(Map<Bucket, String> names) {
            Set<String> out = new TreeSet<>();
            for (Bucket b : buckets()) {
                BUCKET_ACTIONS.forEach(a -> out.add(a + " arn:aws:s3:::" + names.get(b)));
            }
            versioningRead.forEach(b -> out.add(GET_VERSIONING + " arn:aws:s3:::" + names.get(b)));
            versionListing().forEach(b -> out.add(LIST_VERSIONS + " arn:aws:s3:::" + names.get(b)));
            for (Grant g : grants) {
                g.access().forEach(a -> a.actions().forEach(action -> out.add(action + " " + g.resource(names.get(g.bucket())))));
            }
            return out;
        }
    }

    public static final String TRAINER = "trainer-service";
    public static final String UNLEARNER = "unlearner-service";
    public static final String AUDITOR = "auditor-service";
    public static final String CAMPAIGN_WORKER = "campaign-worker";

    private StorageGrants() {
    }

    /** The default bucket names. */
    public static Map<Bucket, String> defaultNames() {
        Map<Bucket, String> names = new LinkedHashMap<>();
        for (Bucket b : Bucket.values()) {
            names.put(b, b.defaultName());
        }
        return names;
    }

    private static Grant g(Bucket bucket, String keys, String why, Access... access) {
        return new Grant(bucket, keys, EnumSet.copyOf(List.of(access)), why);
    }

    private static final Set<Bucket> PIPELINE_BUCKETS = EnumSet.of(Bucket.MODELS, Bucket.DATASETS, Bucket.EVIDENCE);

    /** Every principal's grants, by user name: the three services, then the campaign workers. */
    public static Map<String, Principal> plan() {
        Map<String, Principal> plan = new LinkedHashMap<>();
        List<Grant> trainer = new ArrayList<>(lifecycle());
        trainer.addAll(List.of(
                g(Bucket.MODELS, "models/*", "CheckpointStore.publish and .release: original and retrained versions,"
                        + " sequence claims, release.json and serving weights", Access.READ, Access.WRITE),
                g(Bucket.MODELS, "shadows/*", "ShadowTraining.trainAndStore: U-LiRA shadow models", Access.READ, Access.WRITE),
                g(Bucket.MODELS, "jobs/*", "JobStore: the trainer's durable jobs", Access.READ, Access.WRITE),
                g(Bucket.DATASETS, "manifests/*", "ModelTrainer: dataset manifests", Access.READ, Access.WRITE),
                g(Bucket.DATASETS, "uploads/*", "UploadedDatasets.putFile (REST upload) and loading", Access.READ, Access.WRITE),
                g(Bucket.DATASETS, "registered/*", "UploadedDatasets.register: dataset seals", Access.READ, Access.WRITE),
                g(Bucket.DATASETS, "subjects/*", "SubjectMappingStore: imported subject mappings", Access.READ, Access.WRITE),
                g(Bucket.DATASETS, "tombstones/*", "TombstoneStore.union: trainings exclude erased samples", Access.READ),
                g(Bucket.EVIDENCE, DRAFTS, "EvidenceStore.promoteDraft reads the auditor's signed draft", Access.READ),
                g(Bucket.EVIDENCE, RECEIPTS, "EvidenceStore.promoteDraft: the auditor-signed draft becomes the receipt"
                        + " once the retrain is published", Access.WRITE)));
        plan.put(TRAINER, new Principal(TRAINER, trainer, PIPELINE_BUCKETS, List.of(
                "writes receipts/ (promoting the auditor's signed draft byte for byte after an exact retrain): the"
                        + " trainer cannot sign a receipt, but it could store another auditor-signed document under a"
                        + " receipt key, or a newer version of an existing receipt (object lock keeps the old version)",
                "writes the whole models/ prefix, release.json included: an original model is released by the"
                        + " trainer without an audit")));

        List<Grant> unlearner = new ArrayList<>(lifecycle());
        unlearner.addAll(List.of(
                g(Bucket.MODELS, "models/*", "CheckpointStore reads (manifests, checkpoints, model ids)", Access.READ),
                g(Bucket.MODELS, "models/*/versions/*", "CheckpointStore.publish: unlearned checkpoint, manifest,"
                        + " signature", Access.WRITE),
                g(Bucket.MODELS, "models/*/sequence/*", "CheckpointStore.publish: the version fence's claim", Access.WRITE),
                g(Bucket.MODELS, "requests/*", "RequestLifecycle.withdraw (a request intake could not publish),"
                        + " RequestStore.indexContent, RequestAccess.grant", Access.DELETE),
                g(Bucket.MODELS, "callbacks/*", "CallbackDispatcher: deliveries, their final state", Access.READ, Access.WRITE),
                g(Bucket.MODELS, "callbacks/pending/*", "CallbackStore.finish/dropPending", Access.DELETE),
                g(Bucket.DATASETS, "tombstones/*", "RequestLifecycle.receive writes the tombstone, .withdraw removes it",
                        Access.READ, Access.WRITE, Access.DELETE),
                g(Bucket.DATASETS, "manifests/*", "IntakeService: the dataset manifest", Access.READ),
                g(Bucket.DATASETS, "subjects/*", "SubjectDirectory: a subject's samples", Access.READ),
                g(Bucket.DATASETS, "uploads/*", "S3DatasetFactory: users' datasets", Access.READ),
                g(Bucket.DATASETS, "registered/*", "S3DatasetFactory: dataset seals", Access.READ),
                g(Bucket.EVIDENCE, RECEIPTS, "EvidenceStore.find (request status with its receipt)", Access.READ)));
        plan.put(UNLEARNER, new Principal(UNLEARNER, unlearner, PIPELINE_BUCKETS, List.of(
                "deletes under requests/ (withdrawing a request that was never accepted removes its record, marker"
                        + " and index entries; IAM cannot tell a never-accepted record from another one)",
                "may write any file under models/*/versions/, e.g. a version's serving weights (only published"
                        + " manifests with a valid signature are ever loaded)")));

        List<Grant> auditor = new ArrayList<>(lifecycle());
        auditor.addAll(List.of(
                g(Bucket.MODELS, "models/*", "CheckpointStore reads", Access.READ),
                g(Bucket.MODELS, "models/*/release.json", "CheckpointStore.release: the release pointer", Access.WRITE),
                g(Bucket.MODELS, "models/*/versions/*/model.safetensors", "CheckpointStore.release: serving weights",
                        Access.WRITE),
                g(Bucket.MODELS, "shadows/*", "ShadowStore: shadows are read, superseded generations deleted for"
                        + " good (they hold personal data)", Access.READ, Access.PURGE),
                g(Bucket.DATASETS, "tombstones/*", "TombstoneStore.union", Access.READ),
                g(Bucket.DATASETS, "manifests/*", "dataset manifests", Access.READ),
                g(Bucket.DATASETS, "uploads/*", "S3DatasetFactory: users' datasets (evaluation)", Access.READ),
                g(Bucket.DATASETS, "registered/*", "S3DatasetFactory: dataset seals", Access.READ),
                g(Bucket.EVIDENCE, RECEIPTS, "EvidenceStore.putIfAbsent and .findSigned", Access.READ, Access.WRITE),
                g(Bucket.EVIDENCE, DRAFTS, "EvidenceStore.putDraft", Access.WRITE)));
        plan.put(AUDITOR, new Principal(AUDITOR, auditor, PIPELINE_BUCKETS, List.of()));

        plan.put(CAMPAIGN_WORKER, new Principal(CAMPAIGN_WORKER, List.of(
                g(Bucket.CAMPAIGNS, "campaigns/*", "CampaignStore: plans, leases, heartbeats, results, files",
                        Access.READ, Access.WRITE),
                g(Bucket.CAMPAIGNS, "cache/*", "ReferenceCache: shared reference models", Access.READ, Access.WRITE)),
                Set.of(), List.of()));
        return plan;
    }

    /** What every pipeline service does through the shared RequestLifecycle and its Reconciler. */
    private static List<Grant> lifecycle() {
        return List.of(
                g(Bucket.MODELS, "requests/*", "RequestLifecycle: request records and their index", Access.READ, Access.WRITE),
                g(Bucket.MODELS, "requests/index/status/*", "RequestStore.save moves the status index entry", Access.DELETE),
                g(Bucket.MODELS, "requests/open/*", "RequestStore.closeMarker (closing transitions, Reconciler)", Access.DELETE),
                g(Bucket.MODELS, "callbacks/pending/*", "RequestLifecycle: a closing transition queues the callback",
                        Access.WRITE));
    }

    /** Principals allowed {@code access} on {@code key} of {@code bucket}. */
    public static Set<String> allowed(Access access, Bucket bucket, String key) {
        Set<String> out = new TreeSet<>();
        plan().values().stream().filter(p -> p.may(access, bucket, key)).forEach(p -> out.add(p.name()));
        return out;
    }

    static boolean glob(String pattern, String key) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(java.util.regex.Pattern.quote(part));
        }
        return key.matches(regex.toString());
    }
}
