#!/usr/bin/env bash
# Debian 13 ("trixie") packages on a Debian 12 host without upgrading it: apt with a
# private source list, package lists and cache under .tools/apt-trixie, pointed at the
# same mirror as the host's own Debian sources (no mirror host is written down here).
# Used for Compose v2 (scripts/setup-compose.sh) and the Docker tier's stand-in images.
# Sourced, never run.
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TRIXIE_DIR="${TOOLS_DIR}/apt-trixie"

# host_debian_mirror: the URI of the host's main Debian archive (deb822 .sources or sources.list).
host_debian_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    uri="$(awk 'BEGIN { RS = ""; FS = "\n" }
      /Suites:[^\n]*(bookworm|trixie)( |\n|$)/ && !/Suites:[^\n]*-security/ {
        for (i = 1; i <= NF; i++) if ($i ~ /^URIs:/) { sub(/^URIs: */, "", $i); split($i, u, " "); print u[1]; exit } }' "$f")"
    [ -n "$uri" ] && { echo "$uri"; return; }
  done
  if [ -f /etc/apt/sources.list ]; then
    uri="$(awk '$1 == "deb" && $0 !~ /security/ && ($3 == "bookworm" || $3 == "trixie") {
      for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit } }' /etc/apt/sources.list)"
    [ -n "$uri" ] && { echo "$uri"; return; }
  fi
  return 1
}

# trixie_apt apt-get|apt-cache ARGS...
trixie_apt() {
  local tool=$1
  shift
  "$tool" -q -o Dir::Etc::SourceList="${TRIXIE_DIR}/sources.list" -o Dir::Etc::SourceParts=/dev/null \
    -o Dir::State::Lists="${TRIXIE_DIR}/lists" -o Dir::Cache="${TRIXIE_DIR}/cache" \
    -o Debug::NoLocking=1 -o APT::Sandbox::User=root "$@"
}

# trixie_update: refreshes the package lists when they are missing or older than a day.
trixie_update() {
  local mirror keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  command -v apt-get >/dev/null || die "apt-get is missing: Debian 13 packages need a Debian host"
  mirror="$(host_debian_mirror)" || die "no Debian mirror in /etc/apt/sources*: cannot fetch Debian 13 packages"
  mkdir -p "${TRIXIE_DIR}/lists/partial" "${TRIXIE_DIR}/cache/archives/partial" "${TRIXIE_DIR}/debs"
  printf 'deb [signed-by=%s] %s trixie main\n' "$keyring" "$mirror" >"${TRIXIE_DIR}/sources.list.new"
  if cmp -s "${TRIXIE_DIR}/sources.list.new" "${TRIXIE_DIR}/sources.list" &&
    [ -n "$(find "${TRIXIE_DIR}/lists" -maxdepth 1 -name '*trixie_main*Packages*' -mmin -1440 -print -quit)" ]; then
    rm -f "${TRIXIE_DIR}/sources.list.new"
    return 0
  fi
  mv "${TRIXIE_DIR}/sources.list.new" "${TRIXIE_DIR}/sources.list"
  log "fetching the Debian 13 (trixie) package lists"
  trixie_apt apt-get update >"${TRIXIE_DIR}/update.log" 2>&1 || die "apt update for trixie failed (see ${TRIXIE_DIR}/update.log)"
}

# trixie_version PKG: the candidate version of PKG in trixie.
trixie_version() { trixie_apt apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }'; }

# trixie_download PKG...: the .deb files of PKG... (no dependencies) into .tools/apt-trixie/debs;
# prints their paths.
trixie_download() {
  trixie_update
  local p v f
  for p in "$@"; do
    v="$(trixie_version "$p")"
    if [ -z "$v" ] || [ "$v" = "(none)" ]; then die "no package ${p} in Debian 13"; fi
    f="$(find "${TRIXIE_DIR}/debs" -maxdepth 1 -name "${p}_${v//:/%3a}_*.deb" -print -quit)"
    if [ -z "$f" ]; then
      (cd "${TRIXIE_DIR}/debs" && trixie_apt apt-get download "${p}=${v}" >>"${TRIXIE_DIR}/download.log" 2>&1) ||
        die "downloading ${p} ${v} from Debian 13 failed (see ${TRIXIE_DIR}/download.log)"
      f="$(find "${TRIXIE_DIR}/debs" -maxdepth 1 -name "${p}_${v//:/%3a}_*.deb" -print -quit)"
    fi
    echo "$f"
  done
}

# trixie_engine: a folder holding Debian 13's dockerd 26 and containerd 1.7 (usr/sbin,
# usr/bin), unpacked once into .tools/docker-trixie; prints it, or fails when they do not
# run here. runc stays the host's: Debian 13's needs glibc 2.38 (measured on Debian 12).
trixie_engine() {
  local dir="${TOOLS_DIR}/docker-trixie" f
  if [ ! -x "${dir}/usr/sbin/dockerd" ]; then
    rm -rf "${dir}.tmp"
    mkdir -p "${dir}.tmp"
    for f in $(trixie_download docker.io containerd); do dpkg-deb -x "$f" "${dir}.tmp"; done
    rm -rf "$dir"
    mv "${dir}.tmp" "$dir"
  fi
  "${dir}/usr/sbin/dockerd" --version >/dev/null 2>&1 && "${dir}/usr/bin/containerd" --version >/dev/null 2>&1 || return 1
  echo "$dir"
}
