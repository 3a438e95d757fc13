#!/usr/bin/env bash
# Docker Compose v2 for the checks and the Docker tier, where the machine has none: Debian
# 13's docker-compose package (a static binary that runs on Debian 12) unpacked into
# .tools/compose/. Prints the binary's path; reuses one already there. A machine whose
# docker CLI already has the compose plugin (v2) gets that one's path instead.
#   scripts/setup-compose.sh            # path of a Compose v2 binary (docker-compose)
#   scripts/setup-compose.sh --plugin   # prints a DOCKER_CONFIG folder whose cli-plugins/
#                                       # holds it, for `docker compose` with the machine's CLI
set -euo pipefail
# shellcheck source=scripts/trixie-lib.sh
source "$(dirname "$0")/trixie-lib.sh"

DEST="${TOOLS_DIR}/compose"
BIN="${DEST}/docker-compose"

is_v2() { [[ "$("$1" version --short 2>/dev/null)" =~ ^v?2\. ]]; }
# The machine's own Compose v2 (the docker CLI's plugin, or standalone) when there is one.
if ! is_v2 "$BIN"; then
  for c in "${DOCKER_CONFIG:-${HOME}/.docker}/cli-plugins/docker-compose" /usr/local/lib/docker/cli-plugins/docker-compose \
    /usr/libexec/docker/cli-plugins/docker-compose /usr/lib/docker/cli-plugins/docker-compose "$(command -v docker-compose || true)"; do
    if [ -x "$c" ] && is_v2 "$c"; then
      BIN="$c"
      break
    fi
  done
fi

if ! is_v2 "$BIN"; then
  BIN="${DEST}/docker-compose"
  deb="$(trixie_download docker-compose)"
  tmp="$(mktemp -d)"
  dpkg-deb -x "$deb" "$tmp"
  found="$(find "$tmp" -type f -name docker-compose -path '*cli-plugins*' -print -quit)"
  [ -n "$found" ] || { rm -rf "$tmp"; die "no docker-compose binary in $(basename "$deb")"; }
  mkdir -p "$DEST/config/cli-plugins"
  install -m 755 "$found" "$BIN"
  rm -rf "$tmp"
  case "$("$BIN" version --short 2>/dev/null)" in
    2.* | v2.*) ;;
    *) die "$(basename "$deb") did not give Compose v2" ;;
  esac
  log "Compose $("$BIN" version --short) (Debian 13's docker-compose) in ${DEST}"
fi
mkdir -p "${DEST}/config/cli-plugins"
ln -sfn "$BIN" "${DEST}/config/cli-plugins/docker-compose"

if [ "${1:-}" = --plugin ]; then echo "${DEST}/config"; else echo "$BIN"; fi
