#!/usr/bin/env bash
# `make restore BACKUP=backups/<stamp> [YES=1]`: verifies the manifest, checks that this
# machine can restore the backup, stops the API, worker and nginx, restores PostgreSQL and
# the bucket (objects the backup does not have are removed), then starts them again.
# Compose or local stack as for make backup (scripts/backup-lib.sh). Destructive: asks for
# a typed confirmation unless --yes is given.
set -euo pipefail
# shellcheck source=scripts/backup-lib.sh
source "$(dirname "$0")/backup-lib.sh"

parse_restore_args "$@"
[ -n "$src" ] || die "usage: $0 <backup folder> [--yes]   (make restore BACKUP=backups/<stamp> [YES=1])"
[ -d "$src" ] || die "no such backup folder: ${src}"
is_backup "$src" || die "${src} is not a backup made by make backup"
backup_select_mode

log "verifying ${src}/SHA256SUMS"
(cd "$src" && sha256sum --quiet -c SHA256SUMS) || die "checksum mismatch: the backup is damaged, not restoring"
"${mode}_db_check" "$src"

confirm restore "This REPLACES database ${db_label} and every object in bucket ${bucket} with ${src}." ||
  die "not confirmed; nothing changed"

"${mode}_writers_stop"
log "restoring PostgreSQL ${db_label}"
"${mode}_db_restore" "$src"
if [ -d "${src}/objects" ]; then
  log "restoring bucket ${bucket}"
  "${mode}_bucket_restore" "${src}/objects"
fi
"${mode}_writers_start"
log "restore complete from ${src}"
