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
