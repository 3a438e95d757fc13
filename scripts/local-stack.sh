#!/usr/bin/env bash
# Runs the whole of Roo Server on this machine without Docker, behind the project's real
# nginx config: Postgres 17, Redis and an S3 server (scripts/test-services.sh), then the
# migrate, api and worker roles from the backend build, the built UI, and nginx.
#   scripts/local-stack.sh start | stop | status
#   scripts/local-stack.sh services | start-app | stop-app   # parts, without installs or builds:
#     Postgres/Redis/S3 only; those + migrate, api, worker, nginx; api, worker, nginx stopped
# Ports and folders come from LOCAL_* variables so the browser tests run their own copy.
# While it runs, RUN_DIR/stack.env holds its settings (make backup / make restore read it).
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
export ROO_TEST_STATE_DIR="${RUN_DIR}/services"
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

stop() {
  stop_app
  bash "${ROOT}/scripts/test-services.sh" stop >/dev/null 2>&1 || true
  rm -f "${RUN_DIR}/stack.env"
  log "local stack stopped"
}

# Postgres, Redis and S3 (reused when they already answer), and the settings every role gets.
services() {
  use_node
  mkdir -p "${RUN_DIR}"
  chmod 755 "${RUN_DIR}"  # the postgres user must reach the data folder inside
  bash "${ROOT}/scripts/test-services.sh" start
  # shellcheck disable=SC1091
  source "${ROO_TEST_STATE_DIR}/services.env"

  local secrets="${RUN_DIR}/secrets.env"
  if [ ! -f "$secrets" ]; then
    (umask 077 && printf 'JWT_SECRET=%s\nENCRYPTION_KEY=%s\n' "$(openssl rand -hex 32)" "$(openssl rand -base64 32)" >"$secrets")
  fi
  set -a
  # shellcheck disable=SC1090
  source "$secrets"
  set +a
  export NODE_ENV="${NODE_ENV:-production}" COOKIE_SECURE=true PUBLIC_URL="https://localhost:${HTTPS_PORT}" \
    DATABASE_URL="${TEST_PG_URL}" REDIS_URL="${TEST_REDIS_URL}" S3_BUCKET="${LOCAL_S3_BUCKET:-roo-local}" \
    S3_ENDPOINT="${TEST_S3_ENDPOINT}" S3_ACCESS_KEY="${TEST_S3_ACCESS_KEY}" S3_SECRET_KEY="${TEST_S3_SECRET_KEY}" \
    PORT="${API_PORT}" LOG_LEVEL="${LOG_LEVEL:-info}"
  (umask 077 && printf '%s\n' "LOCAL_RUN_DIR=${RUN_DIR}" "LOCAL_HTTP_PORT=${HTTP_PORT}" "LOCAL_HTTPS_PORT=${HTTPS_PORT}" \
    "LOCAL_STATUS_PORT=${STATUS_PORT}" "LOCAL_API_PORT=${API_PORT}" "LOCAL_API_METRICS_PORT=${API_METRICS_PORT}" \
    "LOCAL_WORKER_METRICS_PORT=${WORKER_METRICS_PORT}" "LOCAL_PG_PORT=${ROO_TEST_PG_PORT}" \
    "LOCAL_REDIS_PORT=${ROO_TEST_REDIS_PORT}" "LOCAL_S3_PORT=${ROO_TEST_S3_PORT}" "LOCAL_S3_BUCKET=${S3_BUCKET}" \
    "LOCAL_PGDATA=${ROO_TEST_STATE_DIR}/pg" "DATABASE_URL=${DATABASE_URL}" "S3_ENDPOINT=${S3_ENDPOINT}" \
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

  bash "${ROOT}/scripts/nginx-local.sh" "${RUN_DIR}/nginx" "$HTTP_PORT" "$HTTPS_PORT" "$STATUS_PORT" \
    "127.0.0.1:${API_PORT}" "${ROOT}/frontend/dist" "${RUN_DIR}/acme" "${RUN_DIR}/certs"
  mkdir -p "${RUN_DIR}/nginx-prefix" "${RUN_DIR}/acme"
  if [ -f "${RUN_DIR}/nginx.pid" ]; then kill "$(cat "${RUN_DIR}/nginx.pid")" 2>/dev/null || true; sleep 0.5; fi
  nginx -p "${RUN_DIR}/nginx-prefix" -c "${RUN_DIR}/nginx/nginx.conf" -e "${RUN_DIR}/nginx-error.log" \
    -g "pid ${RUN_DIR}/nginx.pid;" >>"${RUN_DIR}/nginx-access.log" 2>>"${RUN_DIR}/nginx-stderr.log" ||
    die "nginx did not start: $(tail -n 2 "${RUN_DIR}/nginx-stderr.log" | tr '\n' ' ')"
  wait_http "https://127.0.0.1:${HTTPS_PORT}/health/live" "nginx"
  log "Roo Server is up: https://localhost:${HTTPS_PORT} (self-signed certificate), API docs at /api/docs"
  log "logs in ${RUN_DIR}; stop with: scripts/local-stack.sh stop"
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

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  services) services ;;
  start-app) start_app ;;
  stop-app) stop_app ;;
  status) for p in nginx api worker; do
      if [ -f "${RUN_DIR}/${p}.pid" ] && kill -0 "$(cat "${RUN_DIR}/${p}.pid")" 2>/dev/null; then echo "${p}: running"; else echo "${p}: stopped"; fi
    done ;;
  *) die "usage: $0 start|stop|status|services|start-app|stop-app" ;;
esac
