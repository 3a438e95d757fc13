#!/usr/bin/env bash
# `make rollback [SERVICE=api]`: returns services to their previous spec (image,
# configs, secrets) with Swarm's rollback_config. Default: the stateless ones.
set -euo pipefail
# shellcheck source=scripts/stack-lib.sh
source "$(dirname "$0")/stack-lib.sh"
require_swarm

read -r -a targets <<<"${1:-api worker nginx}"
for s in "${targets[@]}"; do
  log "rolling back $(svc "$s")"
  dk service rollback --detach "$(svc "$s")" >/dev/null
done
ALLOW_ROLLBACK=1 wait_converged "${ROLLBACK_TIMEOUT:-300}" "${targets[@]}" || die "rollback did not converge; see make stack-ps"
for s in "${targets[@]}"; do log "$(svc "$s"): $(replicas "$s") running, image $(dk service inspect "$(svc "$s")" --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}' | cut -d@ -f1)"; done
