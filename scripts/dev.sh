#!/usr/bin/env bash
# Runs Roo Server on this machine without Docker: Postgres 17, Redis and an S3 server
# from scripts/test-services.sh (own ports and data folder), then migrate, api and
# worker from the backend build.  `scripts/dev.sh stop` stops everything.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

RUN_DIR="${ROOT}/.tools/run"
export ROO_TEST_STATE_DIR="${RUN_DIR}/services"
export ROO_TEST_PG_PORT="${DEV_PG_PORT:-45432}" ROO_TEST_REDIS_PORT="${DEV_REDIS_PORT:-46379}" ROO_TEST_S3_PORT="${DEV_S3_PORT:-44569}"
API_PORT="${PORT:-3000}"

stop() {
  for p in api worker; do
    if [ -f "${RUN_DIR}/${p}.pid" ]; then kill "$(cat "${RUN_DIR}/${p}.pid")" 2>/dev/null || true; rm -f "${RUN_DIR}/${p}.pid"; fi
  done
  bash "${ROOT}/scripts/test-services.sh" stop
}
if [ "${1:-}" = stop ]; then stop; exit 0; fi

bash "${ROOT}/scripts/deps.sh"
use_node
mkdir -p "${RUN_DIR}"
bash "${ROOT}/scripts/test-services.sh" start
# shellcheck disable=SC1091
source "${ROO_TEST_STATE_DIR}/services.env"

secret_file="${RUN_DIR}/dev-secrets.env"
if [ ! -f "$secret_file" ]; then
  umask 077
  printf 'JWT_SECRET=%s\nENCRYPTION_KEY=%s\n' "$(openssl rand -hex 32)" "$(openssl rand -base64 32)" >"$secret_file"
fi
set -a
# shellcheck disable=SC1090
source "$secret_file"
set +a
export NODE_ENV=development DATABASE_URL="${TEST_PG_URL}" REDIS_URL="${TEST_REDIS_URL}" S3_BUCKET=roo-dev \
  S3_ENDPOINT="${TEST_S3_ENDPOINT}" S3_ACCESS_KEY="${TEST_S3_ACCESS_KEY}" S3_SECRET_KEY="${TEST_S3_SECRET_KEY}" PORT="${API_PORT}"

log "building the backend"
(cd "${ROOT}/backend" && npm run --silent build)
node "${ROOT}/backend/dist/main.js" migrate
for role in api worker; do
  if [ -f "${RUN_DIR}/${role}.pid" ] && kill -0 "$(cat "${RUN_DIR}/${role}.pid")" 2>/dev/null; then kill "$(cat "${RUN_DIR}/${role}.pid")"; sleep 1; fi
  port=$([ "$role" = api ] && echo 9464 || echo 9465)
  METRICS_PORT=$port nohup node "${ROOT}/backend/dist/main.js" "$role" >"${RUN_DIR}/${role}.log" 2>&1 &
  echo $! >"${RUN_DIR}/${role}.pid"
done
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:${API_PORT}/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "http://127.0.0.1:${API_PORT}/health/ready" >/dev/null || die "the API did not become ready (see ${RUN_DIR}/api.log)"
log "Roo Server is up: API http://127.0.0.1:${API_PORT}/api/v1, docs http://127.0.0.1:${API_PORT}/api/docs"
log "logs in .tools/run/{api,worker}.log; stop with: scripts/dev.sh stop"
