#!/bin/sh
# One-shot MinIO setup (minio-init service, minio/mc image): creates the bucket and
# an application user limited to it. Idempotent: safe to run on every `make up`.
set -eu

secret() { cat "/run/secrets/$1"; }

# bucket_with_user BUCKET POLICY KEY_SECRET SECRET_SECRET: a private bucket and a user
# (keys from the two named secrets) that may list, read and write only that bucket.
bucket_with_user() {
  bucket=$1 policy_name=$2 key=$(secret "$3") key_secret=$(secret "$4")
  mc mb --ignore-existing "local/${bucket}"
  mc anonymous set none "local/${bucket}"
  policy="/tmp/${policy_name}-policy.json"
  cat > "$policy" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetBucketLocation"], "Resource": ["arn:aws:s3:::${bucket}"]},
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"], "Resource": ["arn:aws:s3:::${bucket}/*"]}
  ]
}
JSON
  mc admin policy create local "$policy_name" "$policy" >/dev/null
  mc admin user add local "$key" "$key_secret" >/dev/null
  mc admin policy attach local "$policy_name" --user "$key" >/dev/null 2>&1 || true
}

mc alias set local http://minio:9000 "$(secret minio_root_user)" "$(secret minio_root_password)" >/dev/null
bucket_with_user "$S3_BUCKET" roo-app s3_access_key s3_secret_key

# Point-in-time recovery (docs/pitr.md): WAL archive + base backups in their own bucket,
# written by their own user (the application's keys cannot touch the backups).
if [ -n "${PITR_S3_BUCKET:-}" ] && [ -s /run/secrets/pitr_s3_access_key ]; then
  bucket_with_user "$PITR_S3_BUCKET" roo-pitr pitr_s3_access_key pitr_s3_secret_key
  echo "minio-init: PITR bucket ${PITR_S3_BUCKET} and its user ready"
fi
