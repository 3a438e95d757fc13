#!/bin/sh
# One-shot MinIO setup (minio-init service, minio/mc image): creates the bucket and
# an application user limited to it. Idempotent: safe to run on every `make up`.
set -eu

secret() { cat "/run/secrets/$1"; }

mc alias set local http://minio:9000 "$(secret minio_root_user)" "$(secret minio_root_password)" >/dev/null
mc mb --ignore-existing "local/${S3_BUCKET}"
mc anonymous set none "local/${S3_BUCKET}"

policy=/tmp/roo-app-policy.json
cat > "$policy" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetBucketLocation"], "Resource": ["arn:aws:s3:::${S3_BUCKET}"]},
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], "Resource": ["arn:aws:s3:::${S3_BUCKET}/*"]}
  ]
}
JSON
mc admin policy create local roo-app "$policy" >/dev/null
mc admin user add local "$(secret s3_access_key)" "$(secret s3_secret_key)" >/dev/null
mc admin policy attach local roo-app --user "$(secret s3_access_key)" >/dev/null 2>&1 || true

# Point-in-time recovery (docs/pitr.md): WAL archive + base backups in their own bucket,
# written by their own user (the application's keys cannot touch the backups).
if [ -n "${PITR_S3_BUCKET:-}" ] && [ -s /run/secrets/pitr_s3_access_key ]; then
  mc mb --ignore-existing "local/${PITR_S3_BUCKET}"
  mc anonymous set none "local/${PITR_S3_BUCKET}"
  pitr_policy=/tmp/roo-pitr-policy.json
  cat > "$pitr_policy" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetBucketLocation"], "Resource": ["arn:aws:s3:::${PITR_S3_BUCKET}"]},
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], "Resource": ["arn:aws:s3:::${PITR_S3_BUCKET}/*"]}
  ]
}
JSON
  mc admin policy create local roo-pitr "$pitr_policy" >/dev/null
  mc admin user add local "$(secret pitr_s3_access_key)" "$(secret pitr_s3_secret_key)" >/dev/null
  mc admin policy attach local roo-pitr --user "$(secret pitr_s3_access_key)" >/dev/null 2>&1 || true
  echo "minio-init: PITR bucket ${PITR_S3_BUCKET} and its user ready"
fi
echo "minio-init: bucket ${S3_BUCKET} and application user ready"
