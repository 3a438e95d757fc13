#!/usr/bin/env bash
# `make up|down|ps|logs`: the day-to-day Compose verbs with the project's settings.
# `make clean-data`: stops the stack and deletes its data (Compose volumes, or the local
# stack's data folder) after the user types "delete" (CONFIRM=delete for scripts).
set -euo pipefail
# shellcheck source=scripts/ops-lib.sh
source "$(dirname "$0")/ops-lib.sh"

cmd="${1:-}"
shift || true

# confirm_delete WHAT: the user must type "delete" (or set CONFIRM=delete).
confirm_delete() {
  local answer="${CONFIRM:-}"
  if [ -z "$answer" ]; then
    [ -t 0 ] || die "make clean-data deletes $1: run it in a terminal, or set CONFIRM=delete"
    printf 'This deletes %s for good. Type "delete" to go on: ' "$1" >&2
    read -r answer || true
  fi
  [ "$answer" = delete ] || die "nothing deleted"
}
# Without a Docker engine and Compose v2 (e.g. a dev machine or CI runner), the same verbs
# run the same services locally behind the same nginx config (scripts/local-stack.sh).
if [[ "$cmd" =~ ^(up|down|ps|logs|clean-data)$ ]] && ! docker_compose_ok; then
  local_stack="$(dirname "$0")/local-stack.sh"
  case "$cmd" in
    up)
      warn "no Docker engine with Compose v2 reachable: running the local stack instead (scripts/local-stack.sh)"
      exec "$local_stack" start
      ;;
    down) exec "$local_stack" stop ;;
    clean-data)
      confirm_delete "the local stack's data (Postgres, Redis, files, secrets: ${LOCAL_DATA_DIR:-.local/})"
      exec "$local_stack" purge
      ;;
    ps) exec "$local_stack" ps ;;
    logs)
      [ $# -le 1 ] || die "the local stack follows one service or all (make logs SERVICE=api)"
      exec "$local_stack" logs "$@"
      ;;
  esac
fi
require_docker
case "$cmd" in
  up)
    log "starting the stack (waits until every healthcheck passes)"
    dc up -d --wait --remove-orphans "$@"
    dc ps
    log "up: $(env_get PUBLIC_URL https://localhost) — make ps, make logs (SERVICE=api), make doctor; stop with: make down"
    ;;
  down) dc down "$@" ;;
  clean-data)
    confirm_delete "every volume of the stack (database, Redis, MinIO files, metrics)"
    dc down -v --remove-orphans
    ;;
  ps) dc ps "$@" ;;
  logs) dc logs --tail=200 -f "$@" ;;
  *) die "usage: $0 up|down|ps|logs|clean-data [service…]" ;;
esac
