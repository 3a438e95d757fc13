#!/usr/bin/env bash
# Shared helpers for the project's scripts: paths, logging, the pinned Node toolchain.
# shellcheck disable=SC2034  # variables are used by the scripts that source this file
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${ROOT}/.tools"
NODE_VERSION="$(tr -d 'v \n' < "${ROOT}/.nvmrc")"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33mwarn:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Puts the project's Node on PATH (installed by setup-node.sh when the machine's is older).
use_node() {
  if [ -x "${TOOLS_DIR}/node/bin/node" ]; then
    export PATH="${TOOLS_DIR}/node/bin:${PATH}"
  fi
}

# Postgres refuses to run as root: run it as the 'postgres' system user then.
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Waits up to 60 s for URL to answer 2xx/3xx (self-signed TLS accepted); WHAT names it in the error.
wait_http() {
  local url=$1 what=$2 _
  for _ in $(seq 1 120); do
    curl -fsSk -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.5
  done
  die "${what} did not answer ${url} within 60 s (see the logs in ${RUN_DIR:-the run folder})"
}

# Arguments of the restore scripts: one backup folder (sets $src) and an optional --yes.
parse_restore_args() {
  src=""
  local arg
  for arg in "$@"; do
    case "$arg" in
      --yes | -y) export ASSUME_YES=1 ;;
      -*) die "unknown option ${arg}" ;;
      *) src="$arg" ;;
    esac
  done
}
