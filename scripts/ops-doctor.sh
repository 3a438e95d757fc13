#!/usr/bin/env bash
# `make doctor`: read-only checks before and after `make up`. Prints one line per
# problem with what to do, and exits non-zero when there is any.
set -euo pipefail
# shellcheck source=scripts/ops-lib.sh
source "$(dirname "$0")/ops-lib.sh"

MIN_COMPOSE="2.24.0"
MIN_MEM_MB=4096
MIN_DISK_GB=20
problems=0
problem() {
  problems=$((problems + 1))
  printf 'PROBLEM: %s\n' "$1"
}
ok() { printf 'ok: %s\n' "$1"; }
version_ge() { [ "$(printf '%s\n' "$2" "$1" | sort -V | head -n 1)" = "$2" ]; }

docker_ok=0
if ! command -v docker >/dev/null 2>&1; then
  problem "docker is not installed → install Docker Engine (docs/install.md#requirements)"
elif ! docker info >/dev/null 2>&1; then
  problem "the Docker daemon is not reachable → start it (systemctl start docker) or check your permissions"
else
  docker_ok=1
  ok "docker $(docker version --format '{{.Server.Version}}' 2>/dev/null)"
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
  [ -n "$(env_get CADVISOR_IMAGE '')" ] || problem "CADVISOR_IMAGE is empty in .env → set it (docs/operations.md#images)"
  case "$(env_get PUBLIC_URL '')" in
    https://*) ok "PUBLIC_URL $(env_get PUBLIC_URL '')" ;;
    *) problem "PUBLIC_URL in .env must start with https:// → edit .env" ;;
  esac
fi

for s in postgres_password database_url redis_password redis_url redis_exporter_passwords.json minio_root_user \
  minio_root_password s3_access_key s3_secret_key jwt_secret encryption_key grafana_admin_password alert_webhook_url; do
  [ -s "secrets/${s}" ] || problem "secrets/${s} is missing or empty → run make init"
done
if [ -f secrets/alert_webhook_url ] && grep -q replace-with-your-webhook-url secrets/alert_webhook_url; then
  problem "alerts are not delivered → write your webhook URL into secrets/alert_webhook_url (docs/monitoring.md#alert-delivery)"
fi
tls_dir="$(env_get TLS_DIR ./secrets/tls)"
if [ ! -s "${tls_dir}/tls.crt" ] || [ ! -s "${tls_dir}/tls.key" ]; then
  problem "no TLS certificate in ${tls_dir} → run make init, or make update-certs CERT=… KEY=…"
elif ! openssl x509 -checkend $((14 * 86400)) -noout -in "${tls_dir}/tls.crt" >/dev/null 2>&1; then
  problem "the TLS certificate expires within 14 days → make update-certs CERT=… KEY=… (docs/install.md#tls)"
else
  ok "TLS certificate valid for more than 14 days"
fi

running=""
if [ "$docker_ok" = 1 ] && [ -f .env ]; then
  running="$(dc ps --status running --services 2>/dev/null || true)"
fi
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

mem_mb="$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo 2>/dev/null || echo 0)"
if [ "$mem_mb" -lt "$MIN_MEM_MB" ]; then
  problem "only ${mem_mb} MiB of memory (${MIN_MEM_MB} needed) → use a bigger machine or lower limits in docker-compose.yml"
else
  ok "memory ${mem_mb} MiB"
fi
for dir in "$ROOT" /var/lib/docker; do
  [ -d "$dir" ] || continue
  free_gb="$(df -Pk "$dir" | awk 'NR == 2 {print int($4 / 1048576)}')"
  if [ "$free_gb" -lt "$MIN_DISK_GB" ]; then
    problem "only ${free_gb} GiB free on the disk holding ${dir} (${MIN_DISK_GB} needed) → free space (docs/runbooks.md#disk-full)"
  else
    ok "disk ${free_gb} GiB free for ${dir}"
  fi
done

if [ -n "$running" ]; then
  while read -r name state health; do
    [ -z "$name" ] && continue
    if [ "$state" != running ] || { [ -n "$health" ] && [ "$health" != healthy ]; }; then
      problem "service ${name} is ${state}${health:+/${health}} → docker compose logs ${name} (docs/runbooks.md)"
    fi
  done < <(dc ps --all --format '{{.Service}} {{.State}} {{.Health}}' 2>/dev/null | grep -vE '^(migrate|minio-init) ' || true)
  [ "$problems" = 0 ] && ok "every service is running and healthy"
fi

echo
if [ "$problems" -gt 0 ]; then
  echo "${problems} problem(s) found"
  exit 1
fi
echo "no problems found"
