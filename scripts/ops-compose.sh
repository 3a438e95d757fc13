#!/usr/bin/env bash
# `make up|down|ps|logs`: the day-to-day Compose verbs with the project's settings.
set -euo pipefail
# shellcheck source=scripts/ops-lib.sh
source "$(dirname "$0")/ops-lib.sh"

cmd="${1:-}"
shift || true
# Without a Docker engine and Compose v2 (e.g. a dev machine or CI runner), the same verbs
# run the same services locally behind the same nginx config (scripts/local-stack.sh).
if [[ "$cmd" =~ ^(up|down|ps|logs)$ ]] && ! docker_compose_ok; then
  local_stack="$(dirname "$0")/local-stack.sh"
  case "$cmd" in
    up)
      warn "no Docker engine with Compose v2 reachable: running the local stack instead (scripts/local-stack.sh)"
      exec "$local_stack" start
      ;;
    down) exec "$local_stack" stop ;;
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
  ps) dc ps "$@" ;;
  logs) dc logs --tail=200 -f "$@" ;;
  *) die "usage: $0 up|down|ps|logs [service…]" ;;
esac
