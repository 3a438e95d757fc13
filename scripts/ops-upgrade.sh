#!/usr/bin/env bash
# `make upgrade`: backup, then pull/build the pinned images of the current checkout and
# recreate what changed. migrate runs before api/worker start (depends_on), so the
# schema is upgraded first. Rollback: docs/runbooks.md#rollback.
# Set ROO_VERSION in .env (or check out the release tag) before running it.
set -euo pipefail
# shellcheck source=scripts/ops-lib.sh
source "$(dirname "$0")/ops-lib.sh"
require_docker

skip_backup=0
for arg in "$@"; do
  case "$arg" in
    --no-backup) skip_backup=1 ;;
    *) die "usage: $0 [--no-backup]" ;;
  esac
done

bash "${ROOT}/scripts/ops-doctor.sh" || warn "make doctor reported problems (see above); continuing"
if [ "$skip_backup" = 0 ]; then
  BACKUP_MODE=compose bash "${ROOT}/scripts/ops-backup.sh"
fi
log "pulling pinned third-party images"
dc pull --ignore-buildable --quiet
log "building the Roo images (ROO_VERSION=$(env_get ROO_VERSION 0.1.0))"
dc build --pull
log "recreating changed services"
dc up -d --wait --remove-orphans
dc ps
log "upgrade complete"
