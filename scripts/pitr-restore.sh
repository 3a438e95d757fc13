#!/usr/bin/env bash
# `make restore-pitr TIME="2026-11-25 14:03:00+00" [SWITCH=1] [YES=1]` (or TIME=latest):
# restores the base backup before TIME plus archived WAL up to TIME into a NEW Docker
# volume (roo_pg-data-pitr-<stamp>), replays, verifies and stops. The live volume is
# never written. With --switch (asks for a typed confirmation unless --yes) it then
# points POSTGRES_DATA_VOLUME in .env at the new volume and recreates postgres, api and
# worker; the old volume stays as it was (switch back by editing .env). docs/pitr.md.
set -euo pipefail
# shellcheck source=scripts/ops-lib.sh
source "$(dirname "$0")/ops-lib.sh"

target="" switch=0
for arg in "$@"; do
  case "$arg" in
    --switch) switch=1 ;;
    --yes | -y) export ASSUME_YES=1 ;;
    -*) die "unknown option ${arg}" ;;
    *) target="$arg" ;;
  esac
done
[ -n "$target" ] || die 'usage: make restore-pitr TIME="2026-11-25 14:03:00+00" [SWITCH=1] [YES=1]   (TIME=latest for everything archived)'
require_docker

if [ "$target" = latest ]; then
  how=(--latest)
else
  date -u -d "$target" >/dev/null 2>&1 || die "cannot parse TIME='${target}' (use e.g. 2026-11-25 14:03:00+00)"
  how=(--time "$target")
fi
volume="roo_pg-data-pitr-$(date -u +%Y%m%dT%H%M%SZ)"
live="$(env_get POSTGRES_DATA_VOLUME roo_pg-data)"

log "restoring to ${target} into the new volume ${volume} (the live volume ${live} is not touched)"
docker volume create --label roo.pitr.target="$target" "$volume" >/dev/null
start=$(date +%s)
if ! dc run --rm --no-deps -T -v "${volume}:/restore" pg-backup restore --dest /restore "${how[@]}"; then
  warn "restore failed: removing ${volume}"
  docker volume rm "$volume" >/dev/null || true
  die "nothing changed; see the messages above and docs/pitr.md#when-a-restore-fails"
fi
log "restored and verified in $(($(date +%s) - start)) s: ${volume}"

if [ "$switch" = 0 ]; then
  cat >&2 <<MSG
Inspect it without touching production, e.g.:
  docker run --rm -d --name roo-pitr-inspect -v ${volume}:/var/lib/postgresql/data \\
    \$(docker compose images -q postgres | head -n 1)
  docker exec -it roo-pitr-inspect psql -U $(env_get POSTGRES_USER roo) $(env_get POSTGRES_DB roo)
Run the stack on it:  make restore-pitr TIME="${target}" SWITCH=1   (restores again), or set
POSTGRES_DATA_VOLUME=${volume} in .env and run make up.
MSG
  exit 0
fi

confirm switch "This stops postgres, api and worker and runs them on ${volume} (data as of ${target}).
Writes made after ${target} stay only in the old volume ${live}." || die "not confirmed; ${volume} is kept, nothing else changed"
if grep -qE '^POSTGRES_DATA_VOLUME=' .env; then
  sed -i.bak -E "s|^POSTGRES_DATA_VOLUME=.*|POSTGRES_DATA_VOLUME=${volume}|" .env
else
  printf '\nPOSTGRES_DATA_VOLUME=%s\n' "$volume" >>.env
fi
dc stop nginx api worker pg-backup
dc up -d --wait
log "running on ${volume}; the previous volume ${live} is untouched. Take a base backup now: make backup-base"
