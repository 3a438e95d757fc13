#!/usr/bin/env bash
# `make backup`: PostgreSQL (pg_dump -Fc) and the object-storage bucket (mc mirror)
# into BACKUP_DIR/<UTC stamp>/ with a SHA256SUMS manifest, then records success for
# Prometheus (node-exporter textfile → RooBackupTooOld) and prunes old backups.
# Run it daily from cron: 15 3 * * * cd /opt/roo && make backup >>backups/backup.log 2>&1
set -euo pipefail
# shellcheck source=scripts/ops-lib.sh
source "$(dirname "$0")/ops-lib.sh"
require_docker

backup_dir="$(env_get BACKUP_DIR ./backups)"
keep_days="$(env_get BACKUP_KEEP_DAYS 14)"
pg_user="$(env_get POSTGRES_USER roo)"
pg_db="$(env_get POSTGRES_DB roo)"
bucket="$(env_get S3_BUCKET roo-files)"
endpoint="$(env_get S3_ENDPOINT http://minio:9000)"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="${backup_dir}/${stamp}"
partial="${out}.partial"

mkdir -p "$partial" "${backup_dir}/textfile"
trap 'rm -rf "$partial"' EXIT

log "dumping PostgreSQL database ${pg_db}"
dc exec -T postgres pg_dump -Fc --no-owner -U "$pg_user" -d "$pg_db" >"${partial}/db.dump"
[ -s "${partial}/db.dump" ] || die "pg_dump produced an empty file"

log "mirroring bucket ${bucket} from ${endpoint}"
mkdir -p "${partial}/objects"
abs_partial="$(cd "$partial" && pwd)"
# The minio-init service has the mc client, the storage network and the S3 keys.
# shellcheck disable=SC2016  # $S3_* and $(cat …) expand in the container's shell
dc run --rm --no-deps -T -e S3_ENDPOINT="$endpoint" -e S3_BUCKET="$bucket" \
  -v "${abs_partial}/objects:/backup/objects" --entrypoint /bin/sh minio-init -c \
  'mc alias set src "$S3_ENDPOINT" "$(cat /run/secrets/s3_access_key)" "$(cat /run/secrets/s3_secret_key)" >/dev/null &&
   mc mirror --quiet --overwrite "src/$S3_BUCKET" /backup/objects'

{
  echo "created=${stamp}"
  echo "roo_version=$(env_get ROO_VERSION unknown)"
  echo "postgres_db=${pg_db}"
  echo "bucket=${bucket}"
} >"${partial}/backup.env"
(cd "$partial" && find . -type f -print0 | sort -z | xargs -0 sha256sum) >"${backup_dir}/.${stamp}.sums"
mv "${backup_dir}/.${stamp}.sums" "${partial}/SHA256SUMS"
mv "$partial" "$out"
trap - EXIT

size="$(du -sb "$out" | cut -f1)"
metrics="${backup_dir}/textfile/roo_backup.prom"
cat >"${metrics}.tmp" <<PROM
# HELP roo_backup_last_success_timestamp_seconds Unix time of the last successful make backup.
# TYPE roo_backup_last_success_timestamp_seconds gauge
roo_backup_last_success_timestamp_seconds $(date -u +%s)
# HELP roo_backup_last_size_bytes Size of the last successful backup.
# TYPE roo_backup_last_size_bytes gauge
roo_backup_last_size_bytes ${size}
PROM
mv "${metrics}.tmp" "$metrics"

find "$backup_dir" -mindepth 1 -maxdepth 1 -type d -name '20*Z' -mtime "+${keep_days}" -print -exec rm -rf {} + |
  sed 's/^/pruned /' >&2 || true
log "backup complete: ${out} ($((size / 1024 / 1024)) MiB). Copy it off this machine too."
