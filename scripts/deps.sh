#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian machine: system packages
# (only the missing ones), the pinned Node into .tools/, and each package's npm
# dependencies from its lockfile (skipped while the lockfile is unchanged).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

# Test services and tools: Redis, nginx, Prometheus (promtool), Alertmanager (amtool),
# blackbox exporter (config check), Chromium (browser tests), shellcheck, yamllint, wrk (benchmarks),
# Barman's cloud tools + psql (point-in-time recovery test), bubblewrap (the sandbox of execute_command).
APT_PACKAGES=(redis-server nginx prometheus prometheus-alertmanager prometheus-blackbox-exporter chromium shellcheck yamllint wrk openssl curl ca-certificates
  barman-cli-cloud postgresql-client-15 bubblewrap)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get: install them by hand"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  log "installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts these as system services; the tests start their own instances instead.
  for svc in redis-server nginx prometheus prometheus-alertmanager prometheus-blackbox-exporter; do
    $sudo systemctl disable --now "$svc" >/dev/null 2>&1 || $sudo service "$svc" stop >/dev/null 2>&1 || true
  done
fi

bash "${ROOT}/scripts/setup-node.sh"
use_node

for dir in backend frontend compose/schema-check; do
  [ -f "${ROOT}/${dir}/package-lock.json" ] || continue
  stamp="${ROOT}/${dir}/node_modules/.roo-lock-sha"
  want="$(sha256sum "${ROOT}/${dir}/package-lock.json" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then continue; fi
  log "npm ci in ${dir}/"
  (cd "${ROOT}/${dir}" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
done
log "dependencies ready (node $(node --version))"
