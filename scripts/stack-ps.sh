#!/usr/bin/env bash
# `make stack-ps`: services with replicas and update state, then the running tasks.
set -euo pipefail
# shellcheck source=scripts/stack-lib.sh
source "$(dirname "$0")/stack-lib.sh"
require_swarm

dk stack services "$STACK_NAME" --format '{{.Name}}\t{{.Mode}}\t{{.Replicas}}\t{{.Image}}' | sort |
  while IFS=$'\t' read -r name mode reps image; do
    printf '%-24s %-11s %-8s %-14s %s\n' "$name" "$mode" "$reps" "$(update_state "${name#"${STACK_NAME}"_}")" "${image%@*}"
  done
echo
dk stack ps "$STACK_NAME" --filter desired-state=running --format 'table {{.Name}}\t{{.Node}}\t{{.CurrentState}}\t{{.Error}}'
