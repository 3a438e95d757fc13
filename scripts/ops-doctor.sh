#!/usr/bin/env bash
# `make doctor`: read-only checks before and after `make up`. Prints one line per
# problem with what to do, and exits non-zero when there is any.
# Checks what `make up` would run: the Compose stack when a Docker engine answers, else
# the local stack (scripts/local-stack.sh). `--mode compose|local` (make doctor
# MODE=compose) picks one, e.g. to check a host's .env before Docker is installed.
set -euo pipefail
# shellcheck source=scripts/ops-lib.sh
source "$(dirname "$0")/ops-lib.sh"

MIN_COMPOSE="2.24.0"
MIN_MEM_MB=4096
MIN_DISK_GB=20
LOCAL_STACK="${ROOT}/scripts/local-stack.sh"
mode=auto
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="${2:-}"; shift 2 || true ;;
    --mode=*) mode="${1#--mode=}"; shift ;;
    *) die "usage: $0 [--mode compose|local]" ;;
  esac
done
[[ "$mode" =~ ^(auto|compose|local)$ ]] || die "--mode must be compose, local or auto, not ${mode}"

problems=0
problem() {
  problems=$((problems + 1))
  printf 'PROBLEM: %s\n' "$1"
}
ok() { printf 'ok: %s\n' "$1"; }
version_ge() { [ "$(printf '%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]; }

# port_taken [IP:]PORT: prints the listening TCP sockets that publishing nginx on this
# Compose port value would collide with: with an IP (127.0.0.1:8080, [::1]:8443), those
# on that address or on every address (0.0.0.0, [::], *) of the port; without one (or
# with 0.0.0.0 / ::), any on the port. Returns 2 when the value is not [IP:]PORT.
port_taken() {
  local spec=$1 ip="" port
  port="${spec##*:}"
  [ "$port" = "$spec" ] || ip="${spec%:*}"
  ip="${ip#[}"
  ip="${ip%]}"
  [[ "$port" =~ ^[0-9]{1,5}$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || return 2
  [[ "$ip" =~ ^([0-9.]*|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*)$ ]] || return 2
  ss -Hltn "sport = :${port}" 2>/dev/null | awk -v ip="$ip" '{
    a = $4; sub(/:[0-9]+$/, "", a); gsub(/^\[|\]$/, "", a); sub(/%.*$/, "", a)
    if (ip == "" || ip == "0.0.0.0" || ip == "::" || a == ip || a == "0.0.0.0" || a == "::" || a == "*") print $4
  }'
}

docker_ok=0 why_local=""
if ! command -v docker >/dev/null 2>&1; then
  why_local="docker is not installed"
elif ! docker info >/dev/null 2>&1; then
  why_local="the Docker daemon is not reachable (systemctl start docker, or check your permissions)"
else
  docker_ok=1
fi
if [ "$mode" = auto ]; then
  mode=compose
  [ "$docker_ok" = 1 ] || mode=local
fi

# The Compose stack: docker + Compose v2, .env, secrets, TLS, nginx's ports, service health.
compose_checks() {
  if [ "$docker_ok" = 0 ]; then
    problem "${why_local} → install Docker Engine (docs/install.md#requirements)"
  else
    ok "docker $(docker version --format '{{.Server.Version}}' 2>/dev/null)"
    local cv
    cv="$(docker compose version --short 2>/dev/null | sed 's/^v//' || true)"
    if [ -z "$cv" ]; then
      problem "Docker Compose v2 is missing → install the docker-compose-plugin package"
    elif ! version_ge "$cv" "$MIN_COMPOSE"; then
      problem "Docker Compose ${cv} is older than ${MIN_COMPOSE} → upgrade the docker-compose-plugin"
    else
      ok "docker compose ${cv}"
    fi
  fi

  if [ ! -f .env ]; then
    problem ".env is missing → run make init"
  else
    case "$(env_get PUBLIC_URL '')" in
      https://*) ok "PUBLIC_URL $(env_get PUBLIC_URL '')" ;;
      *) problem "PUBLIC_URL in .env must start with https:// → edit .env" ;;
    esac
  fi

  local s
  for s in postgres_password database_url redis_password redis_url redis_exporter_passwords.json minio_root_user \
    minio_root_password s3_access_key s3_secret_key jwt_secret encryption_key grafana_admin_password alert_webhook_url; do
    [ -s "secrets/${s}" ] || problem "secrets/${s} is missing or empty → run make init"
  done
  if [ -f secrets/alert_webhook_url ] && grep -q replace-with-your-webhook-url secrets/alert_webhook_url; then
    problem "alerts are not delivered → write your webhook URL into secrets/alert_webhook_url (docs/monitoring.md#alert-delivery)"
  fi
  local tls_dir
  tls_dir="$(env_get TLS_DIR ./secrets/tls)"
  if [ ! -s "${tls_dir}/tls.crt" ] || [ ! -s "${tls_dir}/tls.key" ]; then
    problem "no TLS certificate in ${tls_dir} → run make init, or make update-certs CERT=… KEY=…"
  elif ! openssl x509 -checkend $((14 * 86400)) -noout -in "${tls_dir}/tls.crt" >/dev/null 2>&1; then
    problem "the TLS certificate expires within 14 days → make update-certs CERT=… KEY=… (docs/install.md#tls)"
  else
    ok "TLS certificate valid for more than 14 days"
  fi

  local running="" var spec taken
  if [ "$docker_ok" = 1 ] && [ -f .env ]; then
    running="$(dc ps --status running --services 2>/dev/null || true)"
  fi
  if ! grep -qx nginx <<<"$running"; then
    for var in HTTP_PORT HTTPS_PORT; do
      spec="$(env_get "$var" "$([ "$var" = HTTP_PORT ] && echo 80 || echo 443)")"
      if ! taken="$(port_taken "$spec")"; then
        problem "${var}=${spec} in .env is not a port or IP:port (e.g. 443 or 127.0.0.1:8443) → edit .env"
      elif [ -n "$taken" ]; then
        problem "${var}=${spec} is taken: $(tr '\n' ' ' <<<"$taken")is listening → stop what listens there (ss -ltnp 'sport = :${spec##*:}') or change ${var}"
      fi
    done
  fi

  if [ -n "$running" ]; then
    local before=$problems name state health
    while read -r name state health; do
      [ -z "$name" ] && continue
      if [ "$state" != running ] || { [ -n "$health" ] && [ "$health" != healthy ]; }; then
        problem "service ${name} is ${state}${health:+/${health}} → docker compose logs ${name} (docs/runbooks.md)"
      fi
    done < <(dc ps --all --format '{{.Service}} {{.State}} {{.Health}}' 2>/dev/null | grep -vE '^(migrate|minio-init) ' || true)
    [ "$problems" = "$before" ] && ok "every service is running and healthy"
  fi
}

# The local stack (make up without Docker): its tools, the Postgres binaries the postgres
# user must reach, and its ports, or, while it runs, the health of each of its processes.
local_checks() {
  local t ps_out name state health var port taken before
  [ -z "$why_local" ] || printf 'note: %s → make up runs the local stack (no Docker); checking that\n' "$why_local"
  use_node
  if [ -x "${TOOLS_DIR}/node/bin/node" ]; then ok "node $(node --version)"; else problem "the project's Node is missing → make deps"; fi
  for t in nginx redis-server redis-cli openssl curl; do
    command -v "$t" >/dev/null 2>&1 || problem "${t} is missing → make deps"
  done
  if [ ! -x "${PG_NATIVE}/bin/postgres" ]; then
    problem "the Postgres 17 binaries are missing → make deps (npm ci in backend/)"
  elif [ "$(id -u)" = 0 ] && ! { id postgres >/dev/null 2>&1 && can_enter postgres "${PG_NATIVE}/bin/postgres"; }; then
    if ! id postgres >/dev/null 2>&1 || can_enter postgres "${TMPDIR:-/tmp}"; then
      ok "Postgres runs as the postgres user from a copy in $(pg_shared_base) (it cannot enter this clone)"
    else
      problem "the postgres user can enter neither this clone nor ${TMPDIR:-/tmp} → set TMPDIR to a folder every user can enter"
    fi
  else
    ok "Postgres $("${PG_NATIVE}/bin/postgres" --version | awk '{print $3}') binaries"
  fi
  ps_out="$(bash "$LOCAL_STACK" ps 2>/dev/null || true)"
  if grep -qE '^[a-z0-9]+ +(running|exited) ' <<<"$ps_out"; then
    before=$problems
    while read -r name state health _; do
      [ "$name" = SERVICE ] && continue
      if [ "$state" != running ] || [ "$health" != healthy ]; then
        problem "local service ${name} is ${state}/${health} → make logs SERVICE=${name}; make down, then make up"
      fi
    done <<<"$ps_out"
    [ "$problems" = "$before" ] && ok "every local service is running and healthy"
  else
    while read -r var port; do
      taken="$(port_taken "127.0.0.1:${port}")" || true
      [ -z "$taken" ] || problem "LOCAL_${var}=${port} is taken: $(tr '\n' ' ' <<<"$taken")is listening → stop what listens there or set LOCAL_${var}"
    done < <(bash "$LOCAL_STACK" ports)
  fi
}

if [ "$mode" = compose ]; then compose_checks; else local_checks; fi

mem_mb="$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo 2>/dev/null || echo 0)"
if [ "$mem_mb" -lt "$MIN_MEM_MB" ]; then
  problem "only ${mem_mb} MiB of memory (${MIN_MEM_MB} needed) → use a bigger machine or lower limits in docker-compose.yml"
else
  ok "memory ${mem_mb} MiB"
fi
for dir in "$ROOT" /var/lib/docker; do
  [ -d "$dir" ] || continue
  [ "$mode" = compose ] || [ "$dir" = "$ROOT" ] || continue
  free_gb="$(df -Pk "$dir" | awk 'NR == 2 {print int($4 / 1048576)}')"
  if [ "$free_gb" -lt "$MIN_DISK_GB" ]; then
    problem "only ${free_gb} GiB free on the disk holding ${dir} (${MIN_DISK_GB} needed) → free space (docs/runbooks.md#disk-full)"
  else
    ok "disk ${free_gb} GiB free for ${dir}"
  fi
done

echo
if [ "$problems" -gt 0 ]; then
  echo "${problems} problem(s) found (${mode} mode)"
  exit 1
fi
echo "no problems found (${mode} mode)"
