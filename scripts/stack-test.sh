#!/usr/bin/env bash
# `make test-stack`: the Docker test tier (docs/swarm.md "What the test tier proves").
# Starts a Docker engine of its own (data under a temp folder), builds stand-in base
# images from Debian (never tagged with an official image's name), builds the project's
# images on them, deploys docker-stack.yml + test-stack/stack.test.yml on a one-node
# Swarm and checks: smoke through nginx over HTTPS, rolling update under load, kill -9
# under load, automatic rollback of an unhealthy API image, backup → wipe → restore,
# scaling with Prometheus discovery. Prints a report and removes everything it started.
#   STACK_TEST_KEEP=1        leave the engine and stack running (prints how to reach it)
#   STACK_TEST_HTTPS_PORT    loopback HTTPS port of nginx (default 18443)
# All traffic stays on 127.0.0.1 and the test's own networks; every wait is bounded.
set -euo pipefail
# shellcheck source=scripts/stack-lib.sh
source "$(dirname "$0")/stack-lib.sh"

bash scripts/setup-node.sh
use_node

WORK="$(mktemp -d /tmp/roo-stack.XXXXXX)"
CACHE="${TOOLS_DIR}/stack-cache"
HTTPS_PORT="${STACK_TEST_HTTPS_PORT:-18443}"
HTTP_PORT="${STACK_TEST_HTTP_PORT:-18080}"
LOAD_RPS="${STACK_TEST_RPS:-25}"  # under nginx's 50 r/s per-IP limit, so 429s mean a bug
STACK_NAME=roo
export STACK_NAME
T_START=$(date +%s)
RESULTS=()
DOCKERD_PID=""
LOAD_PID=""

# ---------------------------------------------------------------- report and cleanup
result() { RESULTS+=("$(printf '%-34s %-5s %5ss  %s' "$1" "$2" "$3" "$4")"); log "$1: $2 ($3 s) $4"; }

cleanup() {
  local rc=$?
  set +e
  [ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null
  if [ "${STACK_TEST_KEEP:-0}" = 1 ] && [ -n "$DOCKERD_PID" ]; then
    log "kept: DOCKER_HOST=unix://${WORK}/docker.sock, https://127.0.0.1:${HTTPS_PORT}; stop dockerd pid ${DOCKERD_PID} and rm -rf ${WORK} when done"
    exit "$rc"
  fi
  if [ -n "$DOCKERD_PID" ] && kill -0 "$DOCKERD_PID" 2>/dev/null; then
    dk stack rm "$STACK_NAME" >/dev/null 2>&1
    dk swarm leave --force >/dev/null 2>&1
  fi
  stop_engine
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

print_report() {
  local status=$1
  echo
  echo "==================== make test-stack report ===================="
  printf '%-34s %-5s %6s  %s\n' STEP RESULT TIME DETAIL
  printf '%s\n' "${RESULTS[@]}"
  echo "---------------------------------------------------------------"
  echo "images (built in the test's engine):"
  tier_images_report
  echo "engine: Docker $(dk version --format '{{.Server.Version}}'), single-node Swarm, endpoint_mode dnsrr"
  echo "total: $(($(date +%s) - T_START)) s, overall: ${status}"
  echo "================================================================"
}

# ---------------------------------------------------------------- images
build_images() {
  build_standins nginx:1.22 postgres:15 redis:7.0 prometheus:2.42 node-exporter:1.5
  build_backend roo-server/backend:stack-test-1 --build-arg VERSION=stack-test-1
  build_backend roo-server/backend:stack-test-2 --build-arg VERSION=stack-test-2
  build_frontend roo-server/frontend:stack-test-1 --build-arg VERSION=stack-test-1
  build roo-test/s3-server:3.7.1 test-stack/services/s3-server
  build roo-test/fake-llm:stack-test backend/test/fake-llm -f test-stack/services/fake-llm/Dockerfile
  build roo-test/backend-unhealthy:stack-test test-stack/unhealthy-api --build-arg BASE_IMAGE=roo-server/backend:stack-test-2
}

# ---------------------------------------------------------------- settings like make init
write_settings() {
  local sec="${WORK}/secrets" pgpw redispw
  mkdir -p "${sec}/tls" "${WORK}/backups/textfile" "${WORK}/rootfs-for-node-exporter"
  chmod 700 "$sec"
  pgpw="$(openssl rand -hex 24)"
  redispw="$(openssl rand -hex 24)"
  printf '%s' "$pgpw" >"${sec}/postgres_password"
  printf 'postgres://roo:%s@postgres:5432/roo' "$pgpw" >"${sec}/database_url"
  printf '%s' "$redispw" >"${sec}/redis_password"
  printf 'redis://:%s@redis:6379/0' "$redispw" >"${sec}/redis_url"
  printf '{"redis://redis:6379":"%s"}' "$redispw" >"${sec}/redis_exporter_passwords.json"
  printf 'roo-admin' >"${sec}/minio_root_user"
  openssl rand -hex 24 | tr -d '\n' >"${sec}/minio_root_password"
  # s3rver (the S3 test service) accepts only its fixed keys.
  printf 'S3RVER' >"${sec}/s3_access_key"
  printf 'S3RVER' >"${sec}/s3_secret_key"
  openssl rand -hex 32 | tr -d '\n' >"${sec}/jwt_secret"
  openssl rand -base64 32 | tr -d '\n' >"${sec}/encryption_key"
  openssl rand -hex 16 | tr -d '\n' >"${sec}/grafana_admin_password"
  printf 'http://127.0.0.1:9/no-alerts-in-tests' >"${sec}/alert_webhook_url"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "${sec}/tls/tls.key" -out "${sec}/tls/tls.crt" >/dev/null 2>&1
  cat >"${WORK}/env" <<ENV
PUBLIC_URL=https://127.0.0.1:${HTTPS_PORT}
REGISTRATION_MODE=open
HTTP_PORT=${HTTP_PORT}
HTTPS_PORT=${HTTPS_PORT}
RATE_LIMIT_PER_MINUTE=100000
LOG_LEVEL=warn
TLS_DIR=${sec}/tls
BACKEND_IMAGE=roo-server/backend:stack-test-1
FRONTEND_IMAGE=roo-server/frontend:stack-test-1
POSTGRES_IMAGE=roo-standin/postgres:15
REDIS_IMAGE=roo-standin/redis:7.0
PROMETHEUS_IMAGE=roo-standin/prometheus:2.42
NODE_EXPORTER_IMAGE=roo-standin/node-exporter:1.5
S3_TEST_IMAGE=roo-test/s3-server:3.7.1
FAKE_LLM_IMAGE=roo-test/fake-llm:stack-test
PROVIDER_EGRESS_ALLOW=fake-llm
CADVISOR_IMAGE=not-run-in-this-test/cadvisor:none
S3_ENDPOINT=http://s3-test:5000
S3_BUCKET=roo-stack-test
POSTGRES_SHARED_BUFFERS=128MB
API_REPLICAS=2
WORKER_REPLICAS=2
NGINX_REPLICAS=1
MINIO_REPLICAS=0
GRAFANA_REPLICAS=0
LOKI_REPLICAS=0
EXPORTER_REPLICAS=0
# Debian's Alertmanager (0.25) lacks webhook url_file, which our config uses.
ALERTMANAGER_REPLICAS=0
BACKUP_TEXTFILE_DIR=${WORK}/backups/textfile
# This machine's / is a private mount and Docker refuses / without rslave: node-exporter
# gets an empty folder as rootfs (its /proc and /sys metrics are still the host's).
NODE_EXPORTER_ROOTFS=${WORK}/rootfs-for-node-exporter
HOST_MOUNT_PROPAGATION=rprivate
ENV
  export ENV_FILE="${WORK}/env" SECRETS_DIR="$sec" TLS_DIR="${sec}/tls" RESOLVE_IMAGE=never \
    STACK_FILES=docker-stack.yml:test-stack/stack.test.yml BACKUP_DIR="${WORK}/backups" \
    STACK_URL="https://127.0.0.1:${HTTPS_PORT}" NODE_EXTRA_CA_CERTS="${sec}/tls/tls.crt"
}

# ---------------------------------------------------------------- helpers
client() { node test-stack/client.mjs "$@"; }
STATE="${WORK:-/tmp}/state.json"
field() { node -e "const o=JSON.parse(require('fs').readFileSync(process.argv[1],'utf8'));console.log(o[process.argv[2]])" "$1" "$2"; }
start_load() { # start_load NAME SECONDS
  node test-stack/client.mjs load "$STATE" "$2" "$LOAD_RPS" "${WORK}/load-$1.json" >/dev/null 2>"${WORK}/load-$1.err" &
  LOAD_PID=$!
}
stop_load() { # stop_load → "total failed statuses"
  kill -TERM "$LOAD_PID" 2>/dev/null || true
  wait "$LOAD_PID" || true
  LOAD_PID=""
}
load_json() { [ -s "${WORK}/load-$1.json" ] || echo '{"total":0,"ok":0,"failed":999999,"statuses":{},"errors":{"no load result":1},"p50":0,"p99":0,"max":0}' >"${WORK}/load-$1.json"; }
load_summary() { load_json "$1"; node -e "const o=JSON.parse(require('fs').readFileSync(process.argv[1],'utf8'));console.log(\`\${o.total} req, \${o.failed} failed (\${(100*o.failed/Math.max(1,o.total)).toFixed(3)} %), p50 \${o.p50} ms, p99 \${o.p99} ms, max \${o.max} ms, statuses \${JSON.stringify(o.statuses)} errors \${JSON.stringify(o.errors)}\`)" "${WORK}/load-$1.json"; }
load_failed() { load_json "$1"; node -e "const o=JSON.parse(require('fs').readFileSync(process.argv[1],'utf8'));console.log(o.failed)" "${WORK}/load-$1.json"; }
load_total() { load_json "$1"; node -e "const o=JSON.parse(require('fs').readFileSync(process.argv[1],'utf8'));console.log(o.total)" "${WORK}/load-$1.json"; }
api_image() { dk service inspect roo_api --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}' | cut -d@ -f1; }
deploy() { bash scripts/stack-deploy.sh >>"${WORK}/deploy.log" 2>&1; }

prom_targets_up() { # prom_targets_up JOB → number of active targets of JOB with health up
  local c
  c="$(local_task_container prometheus)"
  dk exec "$c" wget -q -O - 'http://127.0.0.1:9090/api/v1/targets?state=active' |
    node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const t=JSON.parse(s).data.activeTargets.filter(x=>x.labels.job===process.argv[1]&&x.health==='up');console.log(t.length)})" "$1"
}
api_counters() { # one line per api container: "<id> <sum of http_requests_total>"
  local c
  for c in $(dk ps -q --filter label=com.docker.swarm.service.name=roo_api --filter status=running); do
    printf '%s %s\n' "$c" "$(dk exec "$c" node -e "fetch('http://127.0.0.1:9464/metrics').then(r=>r.text()).then(t=>{let n=0;for(const l of t.split('\n'))if(l.startsWith('http_requests_total{'))n+=Number(l.split(' ').pop());console.log(n)})")"
  done
}

# ---------------------------------------------------------------- steps
step_deploy() {
  local t
  t=$(date +%s)
  dk swarm init --advertise-addr 127.0.0.1 >/dev/null
  # Alloy and cAdvisor cannot run here: this node opts out of them (docs/swarm.md).
  dk node update --label-add roo.nologs=true --label-add roo.nocadvisor=true "$(dk node ls -q)" >/dev/null
  if deploy; then
    result "deploy (stack + migrate)" PASS $(($(date +%s) - t)) "$(tail -n 1 "${WORK}/deploy.log" | sed 's/\x1b\[[0-9;]*m//g; s/^==> //')"
  else
    tail -n 30 "${WORK}/deploy.log" >&2
    dk stack ps "$STACK_NAME" --no-trunc --format '{{.Name}} {{.CurrentState}} {{.Error}}' | head -n 30 >&2
    result "deploy (stack + migrate)" FAIL $(($(date +%s) - t)) "see output above"
    return 1
  fi
}

step_smoke() {
  local t out
  t=$(date +%s)
  if out="$(client smoke "$STATE" 2>&1)"; then
    result "1 smoke via nginx (HTTPS)" PASS $(($(date +%s) - t)) "sign-up, workspace, provider→fake LLM, task completed, NOTES.md written; ${out}"
  else
    result "1 smoke via nginx (HTTPS)" FAIL $(($(date +%s) - t)) "$out"
    dk service logs --tail 30 roo_worker >&2 2>&1 || true
    return 1
  fi
}

step_rolling_update() {
  local t failed
  t=$(date +%s)
  start_load roll 600
  sleep 5
  BACKEND_IMAGE=roo-server/backend:stack-test-2 deploy || warn "deploy of stack-test-2 failed (see ${WORK}/deploy.log)"
  sleep 5
  stop_load
  failed="$(load_failed roll)"
  if [ "$failed" = 0 ] && [ "$(api_image)" = roo-server/backend:stack-test-2 ] && [ "$(replicas api)" = 2/2 ]; then
    result "2 rolling update api+worker" PASS $(($(date +%s) - t)) "stack-test-1 → stack-test-2, start-first; $(load_summary roll)"
  else
    result "2 rolling update api+worker" FAIL $(($(date +%s) - t)) "image $(api_image), api $(replicas api); $(load_summary roll)"
  fi
}

step_kill() {
  local t api worker t_kill restored rate total failed
  t=$(date +%s)
  start_load kill 60
  sleep 10
  api="$(dk ps -q --filter label=com.docker.swarm.service.name=roo_api --filter status=running | head -n 1)"
  worker="$(dk ps -q --filter label=com.docker.swarm.service.name=roo_worker --filter status=running | head -n 1)"
  t_kill=$(date +%s)
  dk kill -s KILL "$api" "$worker" >/dev/null
  sleep 3
  if wait_converged 180 api worker; then restored=$(($(date +%s) - t_kill)); else restored=timeout; fi
  wait "$LOAD_PID" || true
  LOAD_PID=""
  total="$(load_total kill)"
  failed="$(load_failed kill)"
  rate="$(node -e "console.log(100*${failed}/Math.max(1,${total}))")"
  if [ "$restored" != timeout ] && [ "$total" -ge 1000 ] && node -e "process.exit(${failed}/${total} < 0.001 ? 0 : 1)"; then
    result "3 kill -9 api + worker under load" PASS $(($(date +%s) - t)) "replicas restored in ${restored} s; error rate ${rate} %; $(load_summary kill)"
  else
    result "3 kill -9 api + worker under load" FAIL $(($(date +%s) - t)) "restored: ${restored}; error rate ${rate} %; $(load_summary kill)"
  fi
}

step_unhealthy_rollback() {
  local t st="" failed total
  t=$(date +%s)
  start_load rollback 600
  sleep 3
  dk service update --detach --image roo-test/backend-unhealthy:stack-test roo_api >/dev/null
  for _ in $(seq 1 200); do
    st="$(update_state api)"
    case "$st" in rollback_completed | rollback_paused | completed) break ;; esac
    sleep 2
  done
  ALLOW_ROLLBACK=1 wait_converged 120 api || true
  sleep 3
  stop_load
  failed="$(load_failed rollback)"
  total="$(load_total rollback)"
  if [ "$st" = rollback_completed ] && [ "$(api_image)" = roo-server/backend:stack-test-2 ] && [ "$(replicas api)" = 2/2 ] &&
    node -e "process.exit(${failed}/Math.max(1,${total}) < 0.001 ? 0 : 1)"; then
    result "4 unhealthy api image → auto rollback" PASS $(($(date +%s) - t)) "UpdateStatus ${st}, back on $(api_image); $(load_summary rollback)"
  else
    result "4 unhealthy api image → auto rollback" FAIL $(($(date +%s) - t)) "UpdateStatus ${st}, image $(api_image), api $(replicas api); $(load_summary rollback)"
  fi
}

step_backup_restore() {
  local t before after backup i
  t=$(date +%s)
  before="$(client snapshot "$STATE")" || { result "5 backup → wipe → restore" FAIL 0 "snapshot before: ${before}"; return 0; }
  if ! bash scripts/stack-backup.sh >>"${WORK}/backup.log" 2>&1; then
    tail -n 20 "${WORK}/backup.log" >&2
    result "5 backup → wipe → restore" FAIL $(($(date +%s) - t)) "stack-backup.sh failed"
    return 0
  fi
  backup="$(find "${WORK}/backups" -mindepth 1 -maxdepth 1 -type d -name '20*Z' | sort | tail -n 1)"
  dk stack rm "$STACK_NAME" >/dev/null
  for i in $(seq 1 90); do
    [ -z "$(dk ps -aq --filter label=com.docker.stack.namespace=roo)" ] &&
      [ -z "$(dk network ls -q --filter label=com.docker.stack.namespace=roo)" ] && break
    sleep 2
  done
  # shellcheck disable=SC2046
  dk volume rm $(dk volume ls -q --filter label=com.docker.stack.namespace=roo) >/dev/null
  local wiped
  wiped="$(dk volume ls -q --filter label=com.docker.stack.namespace=roo | wc -l)"
  BACKEND_IMAGE=roo-server/backend:stack-test-2 deploy || { result "5 backup → wipe → restore" FAIL $(($(date +%s) - t)) "redeploy failed"; return 0; }
  if client snapshot "$STATE" >/dev/null 2>&1; then
    result "5 backup → wipe → restore" FAIL $(($(date +%s) - t)) "the wiped stack still knows the user: volumes were not wiped"
    return 0
  fi
  if ! BACKEND_IMAGE=roo-server/backend:stack-test-2 bash scripts/stack-restore.sh "$backup" --yes >>"${WORK}/backup.log" 2>&1; then
    tail -n 20 "${WORK}/backup.log" >&2
    result "5 backup → wipe → restore" FAIL $(($(date +%s) - t)) "stack-restore.sh failed"
    return 0
  fi
  after="$(client snapshot "$STATE" 2>&1)" || true
  if [ "$before" = "$after" ]; then
    result "5 backup → wipe → restore" PASS $(($(date +%s) - t)) "stack rm + ${wiped} volumes left after wipe, redeploy, restore; snapshot identical ${before}; backup $(du -sh "$backup" | cut -f1)"
  else
    result "5 backup → wipe → restore" FAIL $(($(date +%s) - t)) "before ${before} after ${after}"
  fi
}

step_scale() {
  local t n4="" n2="" spread c0 c1 i
  t=$(date +%s)
  BACKEND_IMAGE=roo-server/backend:stack-test-2 bash scripts/stack-scale.sh api 4 >>"${WORK}/scale.log" 2>&1 ||
    { result "6 scale api 2→4→2" FAIL $(($(date +%s) - t)) "scale to 4 failed"; return 0; }
  for i in $(seq 1 45); do n4="$(prom_targets_up api || echo 0)"; [ "$n4" = 4 ] && break; sleep 2; done
  local t4=$((i * 2))
  sleep 11 # nginx re-resolves the API name every 10 s
  c0="$(api_counters)"
  client load "$STATE" 20 "$LOAD_RPS" "${WORK}/load-scale.json" >/dev/null 2>&1 || true
  c1="$(api_counters)"
  spread="$(join <(sort <<<"$c0") <(sort <<<"$c1") | awk '{d = $3 - $2; printf "%s%d", sep, d; sep = "/"; if (d > 0) n++} END {printf " (%d of %d replicas served)", n, NR}')"
  bash scripts/stack-scale.sh api 2 >>"${WORK}/scale.log" 2>&1 || true
  for i in $(seq 1 45); do n2="$(prom_targets_up api || echo 0)"; [ "$n2" = 2 ] && break; sleep 2; done
  if [ "$n4" = 4 ] && [ "$n2" = 2 ] && [[ "$spread" == *"(4 of 4 replicas served)" ]] && [ "$(load_failed scale)" = 0 ]; then
    result "6 scale api 2→4→2" PASS $(($(date +%s) - t)) "Prometheus dns_sd up targets 4 (after ${t4} s) then 2; requests per replica ${spread}; $(load_summary scale)"
  else
    result "6 scale api 2→4→2" FAIL $(($(date +%s) - t)) "Prometheus targets 4→${n4}, 2→${n2}; per replica ${spread}; $(load_summary scale)"
  fi
}

step_compose() {
  result "compose smoke (docker-compose.yml)" SKIP 0 "its own tier: make test-compose (scripts/compose-test.sh)"
}

# ---------------------------------------------------------------- main
df_avail_gb="$(df -BG --output=avail /tmp | tail -n 1 | tr -dc 0-9)"
[ "$df_avail_gb" -ge 15 ] || die "needs 15 GB free under /tmp (has ${df_avail_gb} GB)"
tier_need_packages dockerd:docker.io debootstrap:debootstrap
tier_lock
pick_cli
t=$(date +%s)
start_engine "${WORK}/docker"
result "engine (own dockerd)" PASS $(($(date +%s) - t)) "Docker $(dk version --format '{{.Server.Version}}'), CLI ${DOCKER##*/} $(dk version --format '{{.Client.Version}}')"
CA="$(tier_ca_bundle || true)"
t=$(date +%s)
build_images
result "images (stand-ins + project)" PASS $(($(date +%s) - t)) "debootstrap base, 6 stand-ins, backend ×2, frontend, S3/fake-LLM test services"
write_settings

overall=PASS
if step_deploy && step_smoke; then
  step_rolling_update
  step_kill
  step_unhealthy_rollback
  step_backup_restore
  step_scale
fi
step_compose
for r in "${RESULTS[@]}"; do [[ "$r" == *" FAIL "* ]] && overall=FAIL; done
print_report "$overall"
[ "$overall" = PASS ]
