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
# as a one-shot service on this node, with the S3 settings and keys of the stack.
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
