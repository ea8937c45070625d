#!/bin/sh
# Prepares MinIO for DeepUnlearn (idempotent; run by the compose service "minio-init" and the Kubernetes Job
# "minio-init" with the minio/mc image):
#   models, datasets  versioned buckets (checkpoints are addressed by S3 versionId + sha256)
#   evidence          object-locked bucket with a default retention (WORM audit receipts; Object Lock can only
#                     be switched on when a bucket is created, so an existing unlocked bucket is an error)
#   campaigns         unversioned bucket of campaign cells and the shared reference-model cache (deepunlearn
#                     bench --workers / the campaign Job): heartbeats are rewritten every few seconds, so
#                     versioning would only pile up old beats
#   app user          the services' own credentials, limited to these buckets (never the root account)
# Inputs (environment): MINIO_ENDPOINT, MINIO_ROOT_USER, MINIO_ROOT_PASSWORD, DEEPUNLEARN_S3_ACCESS_KEY,
# DEEPUNLEARN_S3_SECRET_KEY, DEEPUNLEARN_BUCKET_MODELS|DATASETS|EVIDENCE|CAMPAIGNS, EVIDENCE_RETENTION_MODE, EVIDENCE_RETENTION_DAYS.
set -eu
: "${MINIO_ENDPOINT:?}" "${MINIO_ROOT_USER:?}" "${MINIO_ROOT_PASSWORD:?}"
: "${DEEPUNLEARN_S3_ACCESS_KEY:?}" "${DEEPUNLEARN_S3_SECRET_KEY:?}"
MODELS="${DEEPUNLEARN_BUCKET_MODELS:-models}"
DATASETS="${DEEPUNLEARN_BUCKET_DATASETS:-datasets}"
EVIDENCE="${DEEPUNLEARN_BUCKET_EVIDENCE:-evidence}"
CAMPAIGNS="${DEEPUNLEARN_BUCKET_CAMPAIGNS:-campaigns}"
RETENTION_MODE="${EVIDENCE_RETENTION_MODE:-compliance}"
RETENTION_DAYS="${EVIDENCE_RETENTION_DAYS:-365}"
export MC_CONFIG_DIR="${MC_CONFIG_DIR:-/tmp/.mc}"

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

# Raw training data must be erasable for real (GDPR Art. 17); checkpoints and evidence are not deletable by the app.
policy_file="$(mktemp)"
cat > "$policy_file" <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow",
     "Action": ["s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:ListBucket", "s3:ListBucketVersions"],
     "Resource": ["arn:aws:s3:::$MODELS", "arn:aws:s3:::$DATASETS", "arn:aws:s3:::$EVIDENCE", "arn:aws:s3:::$CAMPAIGNS"]},
    {"Effect": "Allow",
     "Action": ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"],
     "Resource": ["arn:aws:s3:::$MODELS/*", "arn:aws:s3:::$DATASETS/*", "arn:aws:s3:::$EVIDENCE/*", "arn:aws:s3:::$CAMPAIGNS/*"]},
    {"Sid": "EraseRawTrainingData", "Effect": "Allow",
     "Action": ["s3:DeleteObject", "s3:DeleteObjectVersion"],
     "Resource": ["arn:aws:s3:::$DATASETS/*"]},
    {"Effect": "Allow",
     "Action": ["s3:GetObjectRetention", "s3:GetBucketObjectLockConfiguration"],
     "Resource": ["arn:aws:s3:::$EVIDENCE", "arn:aws:s3:::$EVIDENCE/*"]}
  ]
}
POLICY
mc admin policy create store deepunlearn-app "$policy_file"
rm -f "$policy_file"
mc admin user add store "$DEEPUNLEARN_S3_ACCESS_KEY" "$DEEPUNLEARN_S3_SECRET_KEY"
if ! out="$(mc admin policy attach store deepunlearn-app --user "$DEEPUNLEARN_S3_ACCESS_KEY" 2>&1)"; then
  case "$out" in *already*) ;; *) echo "$out" >&2; exit 1 ;; esac
fi
echo "MinIO ready: buckets $MODELS, $DATASETS (versioned), $CAMPAIGNS, $EVIDENCE (object lock, $RETENTION_MODE ${RETENTION_DAYS}d)"
