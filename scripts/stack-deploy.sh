#!/usr/bin/env bash
# `make deploy`: deploys or updates the Swarm stack (docs/swarm.md). Reads .env (Swarm
# ignores it), creates missing versioned secrets from secrets/ (make init), labels a
# one-node swarm, runs `docker stack deploy`, then waits for the migration and for
# every service to converge. An update that fails its healthcheck is rolled back by
# Swarm (update_config.failure_action); this script then exits non-zero.
#   STACK_FILES=docker-stack.yml:my-overlay.yml  extra overlays (like COMPOSE_FILE)
#   DEPLOY_TIMEOUT=600                            seconds to wait for convergence
set -euo pipefail
# shellcheck source=scripts/stack-lib.sh
source "$(dirname "$0")/stack-lib.sh"

timeout="${DEPLOY_TIMEOUT:-600}"
load_env
require_swarm
ensure_labels
export_config_versions
ensure_secrets

mapfile -t args < <(stack_args)
log "deploying stack ${STACK_NAME}: backend ${BACKEND_IMAGE}, frontend ${FRONTEND_IMAGE}"
# Images come from a registry (pinned tags) or are built on every node; RESOLVE_IMAGE=never
# skips the registry digest lookup for locally built images.
dk stack deploy --prune --with-registry-auth --resolve-image "${RESOLVE_IMAGE:-always}" "${args[@]}" "$STACK_NAME"

log "waiting for the migration (at most ${timeout}s)"
wait_migrate "$timeout" || die "migrate did not complete: docker service logs $(svc migrate)"

mapfile -t services < <(dk stack services "$STACK_NAME" --format '{{.Name}} {{.Mode}} {{.Replicas}}' |
  awk -v p="${STACK_NAME}_" '$3 !~ /^[0-9]+\/0/ && $1 != p "migrate" && $1 != p "minio-init" { sub(p, "", $1); print $1 }')
log "waiting for ${#services[@]} services to converge"
rc=0
wait_converged "$timeout" "${services[@]}" || rc=$?
case "$rc" in
  0) log "stack ${STACK_NAME} is up: $(for s in "${services[@]}"; do printf '%s %s  ' "$s" "$(replicas "$s")"; done)" ;;
  2) die "an update failed its healthcheck and Swarm rolled it back; see make stack-ps and docker service ps --no-trunc" ;;
  *) die "services did not converge within ${timeout}s; see make stack-ps" ;;
esac
