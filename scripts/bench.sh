#!/usr/bin/env bash
# `make bench`: the whole stack on loopback behind a bench copy of the real nginx config
# (only the rate limits, connection limits and upstream groups changed), the production
# backend build (4 API processes + 1 worker), Postgres 17, Redis, s3rver, a fake LLM and a
# bare Node baseline server. Prints a table (bench/run.mjs); never part of pass/fail tests.
#   BENCH_DURATION_S (10)  BENCH_USERS (100)  BENCH_WS_CLIENTS (10000)  BENCH_EVENTS_PER_S (1000)
#   BENCH_ONLY=http,scale,tasks,ws,frontend  BENCH_RUN_DIR  BENCH_PORT_BASE (27000)
#   BENCH_STEPS="list files,read file"  (workflow limited to those steps)
#   BENCH_WS_WATCHERS (10)  sockets per task room in the fan-out (10,000 sockets → 1,000 rooms)
#   BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"  (profile the API processes)
#   BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"  (profile the worker)
#   BENCH_OPEN_STEPS="25,50,100,150,200" (% of capacity)  BENCH_OPEN_STEP_S (10)  BENCH_CLIENT_TIMEOUT_MS (10000)
#   BENCH_STORM_SIGNINS (1000)  BENCH_STORM_S (60)
#   BENCH_CLOSED_ADMISSION=on  (admission control on in the 4 closed-loop API processes too; default off,
#   so the closed-loop figures stay comparable with earlier rounds: a closed loop never offers more
#   than it gets back, and 100 connections to one process would otherwise be shed)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
use_node

RUN_DIR="${BENCH_RUN_DIR:-${ROOT}/.tools/bench}"
BASE_PORT="${BENCH_PORT_BASE:-27000}"
HTTP_PORT=$((BASE_PORT + 80)) HTTPS_PORT=$((BASE_PORT + 443)) STATUS_PORT=$((BASE_PORT + 81))
BASELINE_PORT=$((BASE_PORT + 10)) FAKE_PORT=$((BASE_PORT + 20))
API_PORTS=($((BASE_PORT + 1)) $((BASE_PORT + 2)) $((BASE_PORT + 3)) $((BASE_PORT + 4)))
# The open-loop A/B: one process as before this round (no admission control, the argon2id
# library defaults, hashing unbounded), one with the defaults.
BEFORE_PORT=$((BASE_PORT + 5)) AFTER_PORT=$((BASE_PORT + 6))
export ROO_TEST_STATE_DIR="${RUN_DIR}/services"
export ROO_TEST_PG_PORT=$((BASE_PORT + 432)) ROO_TEST_REDIS_PORT=$((BASE_PORT + 379)) ROO_TEST_S3_PORT=$((BASE_PORT + 569))
PIDS=()

cleanup() {
  local p
  if [ -f "${RUN_DIR}/nginx.pid" ]; then kill "$(cat "${RUN_DIR}/nginx.pid")" 2>/dev/null || true; fi
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  bash "${ROOT}/scripts/test-services.sh" stop >/dev/null 2>&1 || true
  rm -f "${RUN_DIR}/nginx-access.log"
}
trap cleanup EXIT

command -v nginx >/dev/null || die "nginx missing: run 'make deps'"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
rm -rf "$RUN_DIR"
mkdir -p "$RUN_DIR"
chmod 755 "$RUN_DIR"

log "building the backend (production build) and, if missing, the UI"
(cd "${ROOT}/backend" && npm run --silent build)
[ -f "${ROOT}/frontend/dist/index.html" ] || (cd "${ROOT}/frontend" && npm run --silent build >"${RUN_DIR}/frontend-build.log" 2>&1) \
  || die "frontend build failed (see ${RUN_DIR}/frontend-build.log)"

bash "${ROOT}/scripts/test-services.sh" start
# shellcheck disable=SC1091
source "${ROO_TEST_STATE_DIR}/services.env"
JWT_SECRET="$(openssl rand -hex 32)"
ENCRYPTION_KEY="$(openssl rand -base64 32)"
export JWT_SECRET ENCRYPTION_KEY NODE_ENV=production COOKIE_SECURE=true PUBLIC_URL="https://localhost:${HTTPS_PORT}" \
  DATABASE_URL="${TEST_PG_URL}" REDIS_URL="${TEST_REDIS_URL}" REDIS_PREFIX=bench S3_BUCKET=roo-bench \
  S3_ENDPOINT="${TEST_S3_ENDPOINT}" S3_ACCESS_KEY="${TEST_S3_ACCESS_KEY}" S3_SECRET_KEY="${TEST_S3_SECRET_KEY}" \
  LOG_LEVEL="${LOG_LEVEL:-info}" \
  RATE_LIMIT_PER_MINUTE=100000000 AUTH_RATE_LIMIT_PER_MINUTE=100000000 LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE=100000000 \
  PROVIDER_EGRESS_ALLOW=127.0.0.1/32

node "${ROOT}/backend/dist/main.js" migrate >"${RUN_DIR}/migrate.log" 2>&1 || die "migrate failed (see ${RUN_DIR}/migrate.log)"
i=0
api_pids=()
closed_admission=(ADMISSION_MAX_IN_FLIGHT=0 ADMISSION_MAX_EVENT_LOOP_DELAY_MS=0)
[ "${BENCH_CLOSED_ADMISSION:-off}" != on ] || closed_admission=()
for port in "${API_PORTS[@]}"; do
  i=$((i + 1))
  # shellcheck disable=SC2086  # extra node flags, split on purpose
  env "${closed_admission[@]}" PORT="$port" HOST=127.0.0.1 METRICS_PORT=$((BASE_PORT + 100 + i)) nohup node ${BENCH_API_NODE_ARGS:-} "${ROOT}/backend/dist/main.js" api >"${RUN_DIR}/api${i}.log" 2>&1 &
  PIDS+=($!) api_pids+=($!)
  # The first one creates the bucket; the others start once it is there.
  [ "$i" -gt 1 ] || wait_http "http://127.0.0.1:${port}/health/ready" "API :${port}"
done
env ADMISSION_MAX_IN_FLIGHT=0 ADMISSION_MAX_EVENT_LOOP_DELAY_MS=0 TASK_QUEUE_MAX_WAITING=0 TASK_QUEUE_MAX_PER_WORKSPACE=0 \
  DATABASE_POOL_ACQUIRE_TIMEOUT_MS=5000 PASSWORD_HASH_MEMORY_KIB=65536 PASSWORD_HASH_TIME_COST=3 PASSWORD_HASH_PARALLELISM=4 \
  PASSWORD_HASH_CONCURRENCY=64 PASSWORD_HASH_QUEUE_MAX=100000 \
  PORT="$BEFORE_PORT" HOST=127.0.0.1 METRICS_PORT=$((BASE_PORT + 105)) nohup node "${ROOT}/backend/dist/main.js" api >"${RUN_DIR}/api-before.log" 2>&1 &
PIDS+=($!)
PORT="$AFTER_PORT" HOST=127.0.0.1 METRICS_PORT=$((BASE_PORT + 106)) nohup node "${ROOT}/backend/dist/main.js" api >"${RUN_DIR}/api-after.log" 2>&1 &
PIDS+=($!)
# shellcheck disable=SC2086  # extra node flags, split on purpose
HOST=127.0.0.1 METRICS_PORT=$((BASE_PORT + 199)) nohup node ${BENCH_WORKER_NODE_ARGS:-} "${ROOT}/backend/dist/main.js" worker >"${RUN_DIR}/worker.log" 2>&1 &
PIDS+=($!)
nohup node "${ROOT}/bench/baseline.mjs" "$BASELINE_PORT" >"${RUN_DIR}/baseline.log" 2>&1 &
PIDS+=($!)
nohup node "${ROOT}/bench/fake-llm.mjs" "$FAKE_PORT" >"${RUN_DIR}/fake-llm.log" 2>&1 &
PIDS+=($!)
for port in "${API_PORTS[@]}" "$BEFORE_PORT" "$AFTER_PORT"; do wait_http "http://127.0.0.1:${port}/health/ready" "API :${port}"; done

# The bench copy of the real config: rendered for loopback like `make dev`, then only the
# limits raised (the committed defaults stay) and upstream groups added, chosen by Host:
# api1.bench (default) / api2.bench / api4.bench = 1, 2, 4 API processes; baseline.bench.
ngx="${RUN_DIR}/nginx"
bash "${ROOT}/scripts/nginx-local.sh" "$ngx" "$HTTP_PORT" "$HTTPS_PORT" "$STATUS_PORT" \
  "127.0.0.1:${API_PORTS[0]}" "${ROOT}/frontend/dist" "${RUN_DIR}/acme" "${RUN_DIR}/certs"
servers() { local p; for p in "$@"; do printf '  server 127.0.0.1:%s;\n' "$p"; done; }
{
  for n in 1 2 4; do
    printf 'upstream roo_api%s {\n%s\n  keepalive 64;\n}\n' "$n" "$(servers "${API_PORTS[@]:0:$n}")"
  done
  printf 'upstream bench_baseline {\n  server 127.0.0.1:%s;\n  keepalive 64;\n}\n' "$BASELINE_PORT"
  printf 'upstream roo_before {\n  server 127.0.0.1:%s;\n  keepalive 64;\n}\n' "$BEFORE_PORT"
  printf 'upstream roo_after {\n  server 127.0.0.1:%s;\n  keepalive 64;\n}\n' "$AFTER_PORT"
} >>"${ngx}/site/http.conf"
sed -i -E "s#^  default \"127\.0\.0\.1:${API_PORTS[0]}\";#  default \"roo_api1\";\n  api2.bench \"roo_api2\";\n  api4.bench \"roo_api4\";\n  baseline.bench \"bench_baseline\";\n  before.bench \"roo_before\";\n  after.bench \"roo_after\";#" "${ngx}/site/http.conf"
grep -q '"roo_api1"' "${ngx}/site/http.conf" || die "could not render the bench upstreams into ${ngx}/site/http.conf"
sed -i -E 's/rate=[0-9]+r\/[sm]/rate=1000000r\/s/' "${ngx}/snippets/rate-limits.conf"
# Every bench client shares 127.0.0.1, where real users each have their own address: the
# per-IP burst goes up with the rate (a reconnect storm opens 10,000 sockets at once).
sed -i -E 's/limit_conn peraddr [0-9]+;/limit_conn peraddr 60000;/; s/burst=[0-9]+/burst=100000/' "${ngx}/conf.d/roo.conf"
sed -i -E 's/worker_connections [0-9]+;/worker_connections 65536;/' "${ngx}/nginx.conf"
sed -i -E "s#^access_log /dev/stdout roo_json;#access_log ${RUN_DIR}/nginx-access.log roo_json buffer=256k flush=5s;#" "${ngx}/snippets/logging.conf"
mkdir -p "${RUN_DIR}/nginx-prefix" "${RUN_DIR}/acme"
nginx -p "${RUN_DIR}/nginx-prefix" -c "${ngx}/nginx.conf" -e "${RUN_DIR}/nginx-error.log" -g "pid ${RUN_DIR}/nginx.pid;" \
  2>>"${RUN_DIR}/nginx-stderr.log" || die "nginx did not start (see ${RUN_DIR}/nginx-stderr.log)"
wait_http "https://127.0.0.1:${HTTPS_PORT}/health/live" "nginx"
log "stack up: 4 API processes (+ before/after for the open loop), 1 worker (concurrency ${WORKER_CONCURRENCY:-4}), nginx $(nginx -v 2>&1 | cut -d/ -f2)"

BENCH_URL="https://127.0.0.1:${HTTPS_PORT}" BENCH_FAKE_LLM_URL="http://127.0.0.1:${FAKE_PORT}" \
  BENCH_AFTER_METRICS_URL="http://127.0.0.1:$((BASE_PORT + 106))/metrics" \
  BENCH_REDIS_URL="${TEST_REDIS_URL}" BENCH_REDIS_PREFIX=bench BENCH_API_PIDS="$(IFS=,; echo "${api_pids[*]}")" \
  BENCH_OUT="${BENCH_OUT:-${RUN_DIR}/results.json}" node "${ROOT}/bench/run.mjs"
