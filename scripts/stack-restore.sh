#!/usr/bin/env bash
# `make stack-restore BACKUP=backups/<stamp> [YES=1]`: verifies the manifest, scales the
# API, worker and nginx to 0, restores PostgreSQL (pg_restore --clean) and the bucket,
# then scales them back. Run it on the node labelled roo.db. Destructive: asks unless --yes.
set -euo pipefail
# shellcheck source=scripts/stack-lib.sh
source "$(dirname "$0")/stack-lib.sh"

parse_restore_args "$@"
[ -n "$src" ] || die "usage: $0 <backup folder> [--yes]   (make stack-restore BACKUP=backups/<stamp> [YES=1])"
{ [ -f "${src}/SHA256SUMS" ] && [ -f "${src}/db.dump" ]; } || die "${src} is not a backup made by make stack-backup"
load_env
require_swarm
ensure_secrets
log "verifying ${src}/SHA256SUMS"
(cd "$src" && sha256sum --quiet -c SHA256SUMS) || die "checksum mismatch: the backup is damaged, not restoring"

pg_user="${POSTGRES_USER:-roo}"
pg_db="${POSTGRES_DB:-roo}"
if [ "${ASSUME_YES:-0}" != 1 ]; then
  [ -t 0 ] || die "refusing without a terminal: pass --yes to confirm"
  printf 'This REPLACES database %s and every object in the bucket with %s.\nType "restore" to continue: ' "$pg_db" "$src" >&2
  read -r answer
  [ "$answer" = restore ] || die "not confirmed; nothing changed"
fi
pg="$(local_task_container postgres)"
[ -n "$pg" ] || die "no running $(svc postgres) task on this node: run this on the node labelled roo.db"

declare -A before
for s in nginx api worker; do
  before[$s]="$(dk service inspect "$(svc "$s")" --format '{{.Spec.Mode.Replicated.Replicas}}')"
done
log "scaling nginx, api and worker to 0 (were ${before[nginx]}, ${before[api]}, ${before[worker]})"
dk service scale --detach "$(svc nginx)=0" "$(svc api)=0" "$(svc worker)=0" >/dev/null
wait_converged 180 nginx api worker || die "services did not stop"

log "restoring PostgreSQL ${pg_db}"
dk exec -i "$pg" pg_restore --clean --if-exists --no-owner --exit-on-error -U "$pg_user" -d "$pg_db" <"${src}/db.dump"
if [ -d "${src}/objects" ]; then
  log "restoring the bucket"
  s3_mirror restore "${src}/objects" || die "bucket restore failed (the database is restored; rerun to retry)"
fi

log "scaling back"
dk service scale --detach "$(svc api)=${before[api]}" "$(svc worker)=${before[worker]}" "$(svc nginx)=${before[nginx]}" >/dev/null
wait_converged "${DEPLOY_TIMEOUT:-600}" api worker nginx || die "services did not come back; see make stack-ps"
log "restore complete from ${src}"
