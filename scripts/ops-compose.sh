#!/usr/bin/env bash
# `make up|down|ps|logs`: the day-to-day Compose verbs with the project's settings.
set -euo pipefail
# shellcheck source=scripts/ops-lib.sh
source "$(dirname "$0")/ops-lib.sh"

cmd="${1:-}"
shift || true
# Without a Docker engine and Compose v2 (e.g. a dev machine or CI runner), `make up`
# and `make down` run the same services locally behind the same nginx config instead.
if [[ "$cmd" =~ ^(up|down)$ ]] && ! { docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; }; then
  warn "no Docker engine with Compose v2 reachable: running the local stack instead (scripts/local-stack.sh)"
  exec "$(dirname "$0")/local-stack.sh" "$([ "$cmd" = up ] && echo start || echo stop)"
fi
require_docker
case "$cmd" in
  up)
    [ -n "$(env_get CADVISOR_IMAGE '')" ] || die "CADVISOR_IMAGE is empty in .env (docs/operations.md)"
    log "starting the stack (waits until every healthcheck passes)"
    dc up -d --wait --remove-orphans "$@"
    dc ps
    log "up: $(env_get PUBLIC_URL https://localhost)"
    ;;
  down) dc down "$@" ;;
  ps) dc ps "$@" ;;
  logs) dc logs --tail=200 -f "$@" ;;
  *) die "usage: $0 up|down|ps|logs [service…]" ;;
esac
