#!/usr/bin/env bash
# Runs the whole of Roo Server on this machine without Docker, behind the project's real
# nginx config: Postgres 17, Redis and an S3 server (scripts/test-services.sh), then the
# migrate, api and worker roles from the backend build, the built UI, and nginx.
#   scripts/local-stack.sh start | stop | status
#   scripts/local-stack.sh purge                # stop and delete the data (make clean-data asks first)
#   scripts/local-stack.sh ps | logs [SERVICE]   # make ps / make logs without Docker
#   scripts/local-stack.sh ports                # LOCAL_* ports it uses (make doctor checks them)
#   scripts/local-stack.sh app-env              # the role settings it adds (HOST=127.0.0.1, API_DOCS)
#   scripts/local-stack.sh services | start-app | stop-app   # parts, without installs or builds:
#     Postgres/Redis/S3 only; those + migrate, api, worker, nginx; api, worker, nginx stopped
# Works wherever the clone is: as root, what Postgres (the postgres user) and nginx's
# workers (nobody) must reach lives outside a folder they cannot enter (web_dir below,
# pg_bin in lib.sh, pg_home in test-services.sh).
# Ports and folders come from LOCAL_* variables so the browser tests run their own copy.
# While it runs, RUN_DIR/stack.env holds its settings (make backup / make restore read it).
# Data (Postgres, Redis, the S3 bucket, the JWT/encryption secrets) lasts across stop/start
# in DATA_DIR: LOCAL_DATA_DIR, default .local/ in the clone (git-ignored); `stop` (make down)
# keeps it, `purge` (make clean-data) deletes it. A stack started with only LOCAL_RUN_DIR
# set (the test suites' throw-away stacks) keeps its data in RUN_DIR and `stop` removes it.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

RUN_DIR="${LOCAL_RUN_DIR:-${ROOT}/.tools/run}"
HTTP_PORT="${LOCAL_HTTP_PORT:-8080}"
HTTPS_PORT="${LOCAL_HTTPS_PORT:-8443}"
STATUS_PORT="${LOCAL_STATUS_PORT:-8081}"
API_PORT="${LOCAL_API_PORT:-3000}"
API_METRICS_PORT="${LOCAL_API_METRICS_PORT:-9464}"
WORKER_METRICS_PORT="${LOCAL_WORKER_METRICS_PORT:-9465}"
if [ -n "${LOCAL_DATA_DIR:-}" ] || [ -z "${LOCAL_RUN_DIR:-}" ]; then
  DATA_DIR="${LOCAL_DATA_DIR:-${ROOT}/.local}"
  export ROO_SERVICES_PERSIST=1
else
  DATA_DIR="$RUN_DIR"
  export ROO_SERVICES_PERSIST=0
fi
export ROO_TEST_STATE_DIR="${DATA_DIR}/services"
export ROO_TEST_PG_PORT="${LOCAL_PG_PORT:-45432}" ROO_TEST_REDIS_PORT="${LOCAL_REDIS_PORT:-46379}" ROO_TEST_S3_PORT="${LOCAL_S3_PORT:-44569}"

stop_app() {
  local p pid
  for p in nginx api worker; do
    [ -f "${RUN_DIR}/${p}.pid" ] || continue
    pid="$(cat "${RUN_DIR}/${p}.pid")"
    kill "$pid" 2>/dev/null || true
    # Writers must be gone before a restore touches the database: wait up to 20 s.
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    rm -f "${RUN_DIR}/${p}.pid"
  done
}

# web_dir: nginx's temp folders, the ACME folder and (when needed) a copy of the UI. nginx
# started as root runs its workers as 'nobody': with RUN_DIR out of that user's reach (a
# 0700 clone or mktemp folder, /root) they go to a root-owned folder outside, one per RUN_DIR.
web_dir() {
  if [ "$(id -u)" != 0 ] || can_enter nobody "$RUN_DIR"; then echo "$RUN_DIR"; return; fi
  echo "${TMPDIR:-/tmp}/roo-web-$(printf '%s' "$RUN_DIR" | sha256sum | cut -c1-16)"
}

# stop [purge]: stops every process; the data stays in DATA_DIR (purge: deleted too).
stop() {
  stop_app
  bash "${ROOT}/scripts/test-services.sh" "${1:-stop}" >/dev/null 2>&1 || true
  rm -f "${RUN_DIR}/stack.env"
  [ "$(web_dir)" = "$RUN_DIR" ] || rm -rf "$(web_dir)"
  if [ "${1:-}" = purge ]; then
    [ "$DATA_DIR" = "$RUN_DIR" ] || rm -rf "$DATA_DIR"
    log "local stack stopped and its data deleted (${DATA_DIR})"
  elif [ "$ROO_SERVICES_PERSIST" = 1 ]; then
    log "local stack stopped; data kept in ${DATA_DIR} (make up starts it again; make clean-data deletes it)"
  else
    log "local stack stopped"
  fi
}

# Settings of the roles beyond the services' addresses. Local mode listens on loopback only
# (API and both metrics ports): nginx is the one way in, as in Compose where only nginx
# publishes ports. The OpenAPI docs are on here (off by default in production).
app_env() {
  export HOST=127.0.0.1 API_DOCS="${API_DOCS:-true}"
}

# Postgres, Redis and S3 (reused when they already answer), and the settings every role gets.
services() {
  use_node
  mkdir -p "${RUN_DIR}" "${DATA_DIR}"
  chmod 755 "${RUN_DIR}" "${DATA_DIR}" # the postgres user must reach the data folder inside
  bash "${ROOT}/scripts/test-services.sh" start
  # shellcheck disable=SC1091
  source "${ROO_TEST_STATE_DIR}/services.env"

  # With the data: the encryption key must stay the one the stored provider keys were sealed with.
  local secrets="${DATA_DIR}/secrets.env"
  if [ ! -f "$secrets" ]; then
    (umask 077 && printf 'JWT_SECRET=%s\nENCRYPTION_KEY=%s\n' "$(openssl rand -hex 32)" "$(openssl rand -base64 32)" >"$secrets")
  fi
  # Web Push's VAPID key, kept with the data too (subscriptions are bound to it); added to older data.
  if ! grep -q '^VAPID_PRIVATE_KEY=' "$secrets"; then
    (umask 077 && printf 'VAPID_PRIVATE_KEY=%s\n' "$(openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null |
      openssl ec -outform DER 2>/dev/null | dd bs=1 skip=7 count=32 2>/dev/null |
      openssl base64 -A | tr '+/' '-_' | tr -d '=')" >>"$secrets")
  fi
  set -a
  # shellcheck disable=SC1090
  source "$secrets"
  set +a
  export NODE_ENV="${NODE_ENV:-production}" COOKIE_SECURE=true PUBLIC_URL="https://localhost:${HTTPS_PORT}" \
    DATABASE_URL="${TEST_PG_URL}" REDIS_URL="${TEST_REDIS_URL}" S3_BUCKET="${LOCAL_S3_BUCKET:-roo-local}" \
    S3_ENDPOINT="${TEST_S3_ENDPOINT}" S3_ACCESS_KEY="${TEST_S3_ACCESS_KEY}" S3_SECRET_KEY="${TEST_S3_SECRET_KEY}" \
    PORT="${API_PORT}" LOG_LEVEL="${LOG_LEVEL:-info}"
  app_env
  (umask 077 && printf '%s\n' "LOCAL_RUN_DIR=${RUN_DIR}" "LOCAL_HTTP_PORT=${HTTP_PORT}" "LOCAL_HTTPS_PORT=${HTTPS_PORT}" \
    "LOCAL_STATUS_PORT=${STATUS_PORT}" "LOCAL_API_PORT=${API_PORT}" "LOCAL_API_METRICS_PORT=${API_METRICS_PORT}" \
    "LOCAL_WORKER_METRICS_PORT=${WORKER_METRICS_PORT}" "LOCAL_PG_PORT=${ROO_TEST_PG_PORT}" \
    "LOCAL_REDIS_PORT=${ROO_TEST_REDIS_PORT}" "LOCAL_S3_PORT=${ROO_TEST_S3_PORT}" "LOCAL_S3_BUCKET=${S3_BUCKET}" \
    "LOCAL_PGDATA=${TEST_PGDATA:-${ROO_TEST_STATE_DIR}/pg}" "DATABASE_URL=${DATABASE_URL}" "S3_ENDPOINT=${S3_ENDPOINT}" \
    "S3_BUCKET=${S3_BUCKET}" "S3_ACCESS_KEY=${S3_ACCESS_KEY}" "S3_SECRET_KEY=${S3_SECRET_KEY}" >"${RUN_DIR}/stack.env")
}

# migrate, api, worker and nginx from the builds that are there (start builds first).
start_app() {
  services
  [ -f "${ROOT}/backend/dist/main.js" ] || die "no backend build: run scripts/local-stack.sh start (or npm run build in backend/)"
  node "${ROOT}/backend/dist/main.js" migrate
  local role metrics
  for role in api worker; do
    if [ -f "${RUN_DIR}/${role}.pid" ]; then kill "$(cat "${RUN_DIR}/${role}.pid")" 2>/dev/null || true; fi
    metrics=$([ "$role" = api ] && echo "${API_METRICS_PORT}" || echo "${WORKER_METRICS_PORT}")
    METRICS_PORT=$metrics nohup node "${ROOT}/backend/dist/main.js" "$role" >"${RUN_DIR}/${role}.log" 2>&1 &
    echo $! >"${RUN_DIR}/${role}.pid"
  done
  wait_http "http://127.0.0.1:${API_PORT}/health/ready" "the API"
  # Tasks need the worker: up returns when it is ready too (make ps / doctor right after
  # start saw it unhealthy while it was still starting).
  wait_http "http://127.0.0.1:${WORKER_METRICS_PORT}/health/ready" "the worker"

  local web html="${ROOT}/frontend/dist"
  web="$(web_dir)"
  [ "$web" = "$RUN_DIR" ] || shared_dir "$web" root 755
  if [ "$(id -u)" = 0 ] && ! can_enter nobody "$html"; then
    rm -rf "${web}/html"
    mkdir -p "${web}/html"
    cp -R "${html}/." "${web}/html/"
    chmod -R a+rX "${web}/html"
    html="${web}/html"
  fi
  bash "${ROOT}/scripts/nginx-local.sh" "${RUN_DIR}/nginx" "$HTTP_PORT" "$HTTPS_PORT" "$STATUS_PORT" \
    "127.0.0.1:${API_PORT}" "$html" "${web}/acme" "${RUN_DIR}/certs"
  mkdir -p "${web}/nginx-prefix" "${web}/acme"
  if [ -f "${RUN_DIR}/nginx.pid" ]; then kill "$(cat "${RUN_DIR}/nginx.pid")" 2>/dev/null || true; sleep 0.5; fi
  nginx -p "${web}/nginx-prefix" -c "${RUN_DIR}/nginx/nginx.conf" -e "${RUN_DIR}/nginx-error.log" \
    -g "pid ${RUN_DIR}/nginx.pid;" >>"${RUN_DIR}/nginx-access.log" 2>>"${RUN_DIR}/nginx-stderr.log" ||
    die "nginx did not start: $(tail -n 2 "${RUN_DIR}/nginx-stderr.log" | tr '\n' ' ')"
  wait_http "https://127.0.0.1:${HTTPS_PORT}/health/live" "nginx"
  log "Roo Server is up: https://localhost:${HTTPS_PORT} (self-signed certificate), API docs at /api/docs"
  log "logs in ${RUN_DIR}: make ps, make logs (SERVICE=api), make doctor; stop with: make down"
}

start() {
  bash "${ROOT}/scripts/deps.sh"
  use_node
  log "building backend and frontend"
  mkdir -p "${RUN_DIR}"
  (cd "${ROOT}/backend" && npm run --silent build)
  (cd "${ROOT}/frontend" && npm run --silent build >"${RUN_DIR}/frontend-build.log" 2>&1) || die "frontend build failed (see ${RUN_DIR}/frontend-build.log)"
  start_app
}

# setting KEY DEFAULT: KEY from the running stack's stack.env (started with other LOCAL_*
# values than this shell's, e.g. by a test), else DEFAULT.
setting() {
  local v=""
  [ -f "${RUN_DIR}/stack.env" ] && v="$(sed -n "s/^$1=//p" "${RUN_DIR}/stack.env" | tail -n 1)"
  printf '%s' "${v:-$2}"
}

# row NAME PIDFILE ADDRESS PROBE...: one line of `make ps`; PROBE decides healthy/unhealthy.
row() {
  local name=$1 file=$2 addr=$3 pid="" state health=-
  shift 3
  [ -f "$file" ] && pid="$(head -n 1 "$file" | tr -dc 0-9)"
  if [ -z "$pid" ]; then
    state=stopped pid=-
  elif kill -0 "$pid" 2>/dev/null; then
    state=running
    if "$@" >/dev/null 2>&1; then health=healthy; else health=unhealthy; fi
  else
    state=exited
  fi
  printf '%-9s %-8s %-10s %-8s %s\n' "$name" "$state" "$health" "$pid" "$addr"
}
pg_ready() {
  if command -v pg_isready >/dev/null; then pg_isready -q -t 3 -h 127.0.0.1 -p "$1"; else (exec 3<>"/dev/tcp/127.0.0.1/$1"); fi
}
redis_ready() { [ "$(redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null)" = PONG ]; }
http_ready() { curl -fsSk -m 3 -o /dev/null "$1"; }
s3_ready() { [ "$(curl -s -m 3 -o /dev/null -w '%{http_code}' "$1")" != 000 ]; }

# `make ps` without Docker: every process of the local stack with state, health, pid, address.
ps_local() {
  local pg redis s3 api metrics wmetrics status https state="${ROO_TEST_STATE_DIR}"
  pg="$(setting LOCAL_PG_PORT "$ROO_TEST_PG_PORT")" redis="$(setting LOCAL_REDIS_PORT "$ROO_TEST_REDIS_PORT")"
  s3="$(setting LOCAL_S3_PORT "$ROO_TEST_S3_PORT")" api="$(setting LOCAL_API_PORT "$API_PORT")"
  metrics="$(setting LOCAL_API_METRICS_PORT "$API_METRICS_PORT")" wmetrics="$(setting LOCAL_WORKER_METRICS_PORT "$WORKER_METRICS_PORT")"
  status="$(setting LOCAL_STATUS_PORT "$STATUS_PORT")" https="$(setting LOCAL_HTTPS_PORT "$HTTPS_PORT")"
  printf '%-9s %-8s %-10s %-8s %s\n' SERVICE STATE HEALTH PID ADDRESS
  row postgres "$(setting LOCAL_PGDATA "${state}/pg")/postmaster.pid" "127.0.0.1:${pg}" pg_ready "$pg"
  row redis "${state}/redis.pid" "127.0.0.1:${redis}" redis_ready "$redis"
  row s3 "${state}/s3.pid" "127.0.0.1:${s3}" s3_ready "http://127.0.0.1:${s3}/"
  row api "${RUN_DIR}/api.pid" "127.0.0.1:${api} (metrics :${metrics})" http_ready "http://127.0.0.1:${api}/health/ready"
  row worker "${RUN_DIR}/worker.pid" "127.0.0.1:${wmetrics} (metrics, health)" http_ready "http://127.0.0.1:${wmetrics}/health/ready"
  row nginx "${RUN_DIR}/nginx.pid" "https://localhost:${https} (status :${status})" http_ready "http://127.0.0.1:${status}/healthz"
  [ -f "${RUN_DIR}/stack.env" ] || log "the local stack is not running (make up starts it)"
}

# `make logs [SERVICE=name]` without Docker: the last 200 lines of each log file, then follows them.
logs_local() {
  local want=${1:-} svc f files=() state="${ROO_TEST_STATE_DIR}" pghome
  pghome="$(dirname "$(setting LOCAL_PGDATA "${state}/pg")")"
  case "$want" in
    '' | postgres | redis | s3 | api | worker | nginx) ;;
    *) die "no service ${want} in the local stack (postgres, redis, s3, api, worker, nginx)" ;;
  esac
  for svc in postgres redis s3 api worker nginx; do
    [ -z "$want" ] || [ "$want" = "$svc" ] || continue
    case "$svc" in
      postgres) f="${pghome}/postgres.log" ;;
      redis | s3) f="${state}/${svc}.log" ;;
      api | worker) f="${RUN_DIR}/${svc}.log" ;;
      nginx) f="${RUN_DIR}/nginx-access.log ${RUN_DIR}/nginx-error.log ${RUN_DIR}/nginx-stderr.log" ;;
    esac
    for f in $f; do [ -f "$f" ] && files+=("$f"); done
  done
  [ ${#files[@]} -gt 0 ] || die "no log files of ${want:-the local stack} in ${RUN_DIR} (make up starts it)"
  exec tail -n 200 -F "${files[@]}"
}

case "${1:-start}" in
  start) start ;;
  app-env) app_env && printf '%s\n' "HOST=${HOST}" "API_DOCS=${API_DOCS}" ;;
  ps) ps_local ;;
  ports) printf '%s\n' "HTTP_PORT ${HTTP_PORT}" "HTTPS_PORT ${HTTPS_PORT}" "STATUS_PORT ${STATUS_PORT}" "API_PORT ${API_PORT}" \
    "API_METRICS_PORT ${API_METRICS_PORT}" "WORKER_METRICS_PORT ${WORKER_METRICS_PORT}" "PG_PORT ${ROO_TEST_PG_PORT}" \
    "REDIS_PORT ${ROO_TEST_REDIS_PORT}" "S3_PORT ${ROO_TEST_S3_PORT}" ;;
  logs) logs_local "${2:-}" ;;
  stop) stop ;;
  purge) stop purge ;;
  services) services ;;
  start-app) start_app ;;
  stop-app) stop_app ;;
  status) for p in nginx api worker; do
      if [ -f "${RUN_DIR}/${p}.pid" ] && kill -0 "$(cat "${RUN_DIR}/${p}.pid")" 2>/dev/null; then echo "${p}: running"; else echo "${p}: stopped"; fi
    done ;;
  *) die "usage: $0 start|stop|purge|status|ps|logs [SERVICE]|ports|app-env|services|start-app|stop-app" ;;
esac
