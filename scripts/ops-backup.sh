#!/usr/bin/env bash
# `make backup`: PostgreSQL and the object-storage bucket into BACKUP_DIR/<UTC stamp>/
# (db.dump or db.pgdata.tar.gz, objects/, backup.env) with a SHA256SUMS manifest, then
# records success for Prometheus (node-exporter textfile → RooBackupTooOld) and prunes old
# backups. Works against the Compose stack or the local one (scripts/backup-lib.sh says
# how; BACKUP_MODE=compose|local to choose). BACKUP_DIR and BACKUP_KEEP_DAYS come from the
# environment, else .env.
# Run it daily from cron: 15 3 * * * cd /opt/roo && make backup >>backups/backup.log 2>&1
set -euo pipefail
# shellcheck source=scripts/backup-lib.sh
source "$(dirname "$0")/backup-lib.sh"
backup_select_mode

backup_dir="${BACKUP_DIR:-$(env_get BACKUP_DIR ./backups)}"
keep_days="${BACKUP_KEEP_DAYS:-$(env_get BACKUP_KEEP_DAYS 14)}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="${backup_dir}/${stamp}"
partial="${out}.partial"

mkdir -p "${partial}/objects" "${backup_dir}/textfile"
trap 'rm -rf "$partial"' EXIT

log "dumping PostgreSQL database ${db_label}"
"${mode}_db_backup" "$partial"
db_file="$(backup_db_file "$partial")"
[ -s "${partial}/${db_file:-db.dump}" ] || die "the database dump is empty"

log "mirroring bucket ${bucket} from ${endpoint}"
"${mode}_bucket_backup" "${partial}/objects"

{
  echo "created=${stamp}"
  echo "roo_version=${roo_version}"
  echo "mode=${mode}"
  echo "postgres_db=${db_label}"
  echo "db_file=${db_file}"
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
