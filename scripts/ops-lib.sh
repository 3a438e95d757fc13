#!/usr/bin/env bash
# Shared helpers for the operator scripts (scripts/ops-*.sh): .env lookup, compose
# wrapper, confirmation prompt. Sourced, never run.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT" || exit 1

# env_get KEY DEFAULT: the value of KEY in .env (not sourced: values may hold spaces).
env_get() {
  local v=""
  if [ -f .env ]; then
    v="$(grep -E "^$1=" .env | tail -n 1 | cut -d= -f2- || true)"
  fi
  printf '%s' "${v:-$2}"
}

# dc ARGS...: docker compose with the project's .env (COMPOSE_FILE there selects overlays).
dc() {
  docker compose "$@"
}

# docker_compose_ok: a Docker engine answers and Compose v2 is there (else: the local stack).
docker_compose_ok() { docker info >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; }

require_docker() {
  command -v docker >/dev/null 2>&1 || die "docker is not installed (docs/install.md)"
  docker compose version >/dev/null 2>&1 || die "Docker Compose v2 is missing: install the docker-compose-plugin (docs/install.md)"
  [ -f .env ] || die ".env is missing: run make init"
}

# confirm WORD PROMPT: true with --yes (ASSUME_YES=1) or when the user types WORD.
confirm() {
  local word=$1 prompt=$2 answer=""
  [ "${ASSUME_YES:-0}" = 1 ] && return 0
  [ -t 0 ] || die "refusing without a terminal: pass --yes to confirm"
  printf '%s\nType "%s" to continue: ' "$prompt" "$word" >&2
  read -r answer
  [ "$answer" = "$word" ]
}
