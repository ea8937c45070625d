#!/bin/sh
# Prepares MinIO for DeepUnlearn (idempotent; run by the compose service "minio-init" and the Kubernetes Job
# "minio-init" with the minio/mc image):
#   models, datasets  versioned buckets (checkpoints are addressed by S3 versionId + sha256)
#   evidence          object-locked bucket with a default retention (WORM audit receipts; Object Lock can only
#                     be switched on when a bucket is created, so an existing unlocked bucket is an error)
#   campaigns         unversioned bucket of campaign cells and the shared reference-model cache (deepunlearn
#                     bench --workers / the campaign Job): heartbeats are rewritten every few seconds, so
#                     versioning would only pile up old beats
#   one user per service, each with its own policy (deploy/minio/policies/<service>.json, generated from
#                     pipeline-common's StorageGrants and checked against it by deploy-validation): least privilege,
#                     never the root account; nobody may delete a receipt or change its retention
# Inputs (environment): MINIO_ENDPOINT, MINIO_ROOT_USER, MINIO_ROOT_PASSWORD,
#   TRAINER_S3_ACCESS_KEY, TRAINER_S3_SECRET_KEY, UNLEARNER_S3_ACCESS_KEY, UNLEARNER_S3_SECRET_KEY,
#   AUDITOR_S3_ACCESS_KEY, AUDITOR_S3_SECRET_KEY, optionally CAMPAIGN_S3_ACCESS_KEY, CAMPAIGN_S3_SECRET_KEY (the
#   campaign workers' user, created only when set), POLICY_DIR (default: policies/ beside this script),
#   DEEPUNLEARN_BUCKET_MODELS|DATASETS|EVIDENCE|CAMPAIGNS, EVIDENCE_RETENTION_MODE, EVIDENCE_RETENTION_DAYS.
set -eu
: "${MINIO_ENDPOINT:?}" "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}"
: "${TRAINER_S3_ACCESS_KEY:?}" "${TRAINER_S3_SECRET_KEY:?}" "${UNLEARNER_S3_ACCESS_KEY:?}" "${UNLEARNER_S3_SECRET_KEY:?}"
: "${AUDITOR_S3_ACCESS_KEY:?}" "${AUDITOR_S3_SECRET_KEY:?}"
MODELS="${DEEPUNLEARN_BUCKET_MODELS:-models}"
DATASETS="${DEEPUNLEARN_BUCKET_DATASETS:-datasets}"
EVIDENCE="${DEEPUNLEARN_BUCKET_EVIDENCE:-evidence}"
CAMPAIGNS="${DEEPUNLEARN_BUCKET_CAMPAIGNS:-campaigns}"
RETENTION_MODE="${EVIDENCE_RETENTION_MODE:-compliance}"
RETENTION_DAYS="${EVIDENCE_RETENTION_DAYS:-365}"
export MC_CONFIG_DIR="${MC_CONFIG_DIR:-/tmp/.mc}"
POLICY_DIR="${POLICY_DIR:-$(dirname "$0")/policies}"
for bucket in "$MODELS" "$DATASETS" "$EVIDENCE" "$CAMPAIGNS"; do
  case "$bucket" in ""|*[!a-z0-9.-]*) echo "invalid bucket name '$bucket'" >&2; exit 1 ;; esac
done

attempt=0
until mc alias set store "$MINIO_ENDPOINT" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null 2>&1 \
      && mc ls store >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  [ "$attempt" -lt 60 ] || { echo "MinIO at $MINIO_ENDPOINT not reachable" >&2; exit 1; }
  sleep 2
done

for bucket in "$MODELS" "$DATASETS"; do
  mc mb --ignore-existing "store/$bucket"
  mc version enable "store/$bucket"
done

mc mb --ignore-existing "store/$CAMPAIGNS"

mc mb --ignore-existing --with-lock "store/$EVIDENCE"
# Fails on a bucket created without Object Lock, which is what we want: evidence must be WORM.
mc retention set --default "$RETENTION_MODE" "${RETENTION_DAYS}d" "store/$EVIDENCE"

# One user and one policy per service. The policy files name the default buckets; configured names replace them.
policy_for() {
  sed -e "s#arn:aws:s3:::models\([/\"]\)#arn:aws:s3:::$MODELS\1#g" \
      -e "s#arn:aws:s3:::datasets\([/\"]\)#arn:aws:s3:::$DATASETS\1#g" \
      -e "s#arn:aws:s3:::evidence\([/\"]\)#arn:aws:s3:::$EVIDENCE\1#g" \
      -e "s#arn:aws:s3:::campaigns\([/\"]\)#arn:aws:s3:::$CAMPAIGNS\1#g" "$1"
}
user_with_policy() { # service, access key, secret key
  policy="deepunlearn-$1"
  [ -f "$POLICY_DIR/$1.json" ] || { echo "no policy $POLICY_DIR/$1.json" >&2; exit 1; }
  [ "$2" != "$MINIO_ROOT_USER" ] || { echo "$1 must not use the root user" >&2; exit 1; }
  case " $users " in *" $2 "*) echo "$1 must have a user of its own, not $2" >&2; exit 1 ;; esac
  policy_file="$(mktemp)"
  policy_for "$POLICY_DIR/$1.json" > "$policy_file"
  mc admin policy create store "$policy" "$policy_file"   # replaces the policy of an earlier run
  rm -f "$policy_file"
  mc admin user add store "$2" "$3"                       # sets the password again when the user exists
  if ! out="$(mc admin policy attach store "$policy" --user "$2" 2>&1)"; then
    case "$out" in *already*) ;; *) echo "$out" >&2; exit 1 ;; esac
  fi
  users="$users $2"
}
users=""
user_with_policy trainer-service "$TRAINER_S3_ACCESS_KEY" "$TRAINER_S3_SECRET_KEY"
user_with_policy unlearner-service "$UNLEARNER_S3_ACCESS_KEY" "$UNLEARNER_S3_SECRET_KEY"
user_with_policy auditor-service "$AUDITOR_S3_ACCESS_KEY" "$AUDITOR_S3_SECRET_KEY"
if [ -n "${CAMPAIGN_S3_ACCESS_KEY:-}" ]; then
  : "${CAMPAIGN_S3_SECRET_KEY:?}"
  user_with_policy campaign-worker "$CAMPAIGN_S3_ACCESS_KEY" "$CAMPAIGN_S3_SECRET_KEY"
fi

# Earlier installs had one shared user "deepunlearn-app" with policy "deepunlearn-app": remove both.
case " $users " in
  *" deepunlearn-app "*) ;;
  *) mc admin user remove store deepunlearn-app >/dev/null 2>&1 || true
     mc admin policy remove store deepunlearn-app >/dev/null 2>&1 || true ;;
esac

echo "MinIO ready: buckets $MODELS, $DATASETS (versioned), $CAMPAIGNS, $EVIDENCE (object lock, $RETENTION_MODE ${RETENTION_DAYS}d); users:$users"
