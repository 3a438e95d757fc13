#!/usr/bin/env bash
# `make stack-backup`: the Swarm counterpart of make backup. PostgreSQL (pg_dump -Fc in
# the running postgres task, so run it on the node labelled roo.db) and the bucket
# (scripts/stack-s3-mirror.mjs in the backend image, as a one-shot service on this node)
# into BACKUP_DIR/<UTC stamp>/ with a SHA256SUMS manifest; same layout as make backup.
set -euo pipefail
# shellcheck source=scripts/stack-lib.sh
source "$(dirname "$0")/stack-lib.sh"
load_env
require_swarm
ensure_secrets

backup_dir="${BACKUP_DIR:-./backups}"
pg_user="${POSTGRES_USER:-roo}"
pg_db="${POSTGRES_DB:-roo}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="${backup_dir}/${stamp}"
partial="${out}.partial"
mkdir -p "${partial}/objects" "${backup_dir}/textfile"
trap 'rm -rf "$partial"' EXIT

pg="$(local_task_container postgres)"
[ -n "$pg" ] || die "no running $(svc postgres) task on this node: run make stack-backup on the node labelled roo.db"
log "dumping PostgreSQL database ${pg_db}"
dk exec "$pg" pg_dump -Fc --no-owner -U "$pg_user" -d "$pg_db" >"${partial}/db.dump"
[ -s "${partial}/db.dump" ] || die "pg_dump produced an empty file"

log "mirroring bucket ${S3_BUCKET:-roo-files}"
s3_mirror backup "${partial}/objects" || die "bucket backup failed"

{
  echo "created=${stamp}"
  echo "roo_version=${ROO_VERSION}"
  echo "backend_image=${BACKEND_IMAGE}"
  echo "postgres_db=${pg_db}"
  echo "bucket=${S3_BUCKET:-roo-files}"
} >"${partial}/backup.env"
(cd "$partial" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum) >"${backup_dir}/.${stamp}.sums"
mv "${backup_dir}/.${stamp}.sums" "${partial}/SHA256SUMS"
mv "$partial" "$out"
trap - EXIT
printf 'roo_backup_last_success_timestamp_seconds %s\n' "$(date -u +%s)" >"${backup_dir}/textfile/roo_backup.prom"
log "backup complete: ${out} ($(du -sh "$out" | cut -f1)). Copy it off this machine too."
