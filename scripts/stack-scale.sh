#!/usr/bin/env bash
# `make scale SERVICE=api N=4`: sets the replica count of a stateless service and waits.
# nginx follows API replicas through DNS and Prometheus through tasks.<service>, so
# nothing else changes. Persist the count in .env (API_REPLICAS=…) for the next deploy.
set -euo pipefail
# shellcheck source=scripts/stack-lib.sh
source "$(dirname "$0")/stack-lib.sh"

service="${1:-}" n="${2:-}"
{ [ -n "$service" ] && [[ "$n" =~ ^[0-9]+$ ]]; } || die "usage: make scale SERVICE=api|worker|nginx N=<replicas>"
case "$service" in
  api | worker | nginx) ;;
  *) die "only api, worker and nginx are scaled; stateful services run one replica (docs/swarm.md)" ;;
esac
require_swarm
dk service scale --detach "$(svc "$service")=${n}" >/dev/null
wait_converged "${SCALE_TIMEOUT:-300}" "$service" || die "$(svc "$service") did not reach ${n} replicas; see make stack-ps"
log "$(svc "$service"): $(replicas "$service") replicas running (set $(upper "$service")_REPLICAS=${n} in .env to keep it)"
