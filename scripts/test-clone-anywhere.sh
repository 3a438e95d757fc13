#!/usr/bin/env bash
# needs: git make nginx redis-server openssl curl
#
# Clone anywhere, one set of verbs: `git clone` into a folder only its owner can enter
# (mktemp -d, mode 0700: what broke initdb for a root user whose clone the postgres user
# cannot reach), then the local stack from that clone (scripts/local-stack.sh start-app:
# Postgres 17 run as the postgres user, Redis, s3rver, migrate, api, worker, nginx with
# workers as nobody), its run folder inside the 0700 folder too, on its own ports, with no
# Docker engine reachable. Checks: Postgres and the UI served although their users cannot
# enter the clone; the start names make down; make ps / make logs / make doctor in local
# mode (processes with health, pid, port; log files followed; a killed worker reported);
# make down stops everything and keeps the data (LOCAL_DATA_DIR, the clone's .local/): a
# user, workspace and file made before it are there after make up again (start-app); make
# clean-data refuses without the typed confirmation, and with it deletes the data folders
# (inside the clone and the Postgres folder placed outside it).
# The clone gets the checkout's scripts/, make/, Makefile and nginx/ as they are
# (uncommitted changes included) and links its node_modules, Node and builds to the
# checkout's (no npm ci, no second build). Prints PASS/FAIL per check and
# "N passed, N failed". Cleans up on exit.
set -euo pipefail
# shellcheck source=scripts/test-lib.sh
source "$(dirname "$0")/test-lib.sh"
use_node

WORK=$(mktemp -d "${TMPDIR:-/tmp}/roo-test-clone.XXXXXX")
chmod 700 "$WORK"
CLONE="${WORK}/roo"
# Ports below the kernel's ephemeral range, apart from the other suites'.
export LOCAL_RUN_DIR="${WORK}/run" LOCAL_HTTP_PORT=19080 LOCAL_HTTPS_PORT=19443 LOCAL_STATUS_PORT=19081 \
  LOCAL_API_PORT=19000 LOCAL_API_METRICS_PORT=19464 LOCAL_WORKER_METRICS_PORT=19465 \
  LOCAL_PG_PORT=19432 LOCAL_REDIS_PORT=19379 LOCAL_S3_PORT=19569 LOCAL_S3_BUCKET=roo-clone-test LOG_LEVEL=info \
  LOCAL_DATA_DIR="${CLONE}/.local"
# Local mode whatever this machine has: the make verbs find no Docker engine here.
export DOCKER_HOST="unix://${WORK}/no-docker.sock"
PORTS=("$LOCAL_PG_PORT" "$LOCAL_REDIS_PORT" "$LOCAL_S3_PORT" "$LOCAL_API_PORT" "$LOCAL_HTTPS_PORT" "$LOCAL_STATUS_PORT")
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ports_closed() {
  local port _ busy
  for _ in $(seq 1 75); do
    busy=0
    for port in "${PORTS[@]}"; do port_open "$port" && busy=1; done
    [ "$busy" = 0 ] && return 0
    sleep 0.2
  done
  return 1
}
cleanup() {
  [ -f "${CLONE}/scripts/local-stack.sh" ] && bash "${CLONE}/scripts/local-stack.sh" purge >/dev/null 2>&1
  ports_closed || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mk() { make --no-print-directory -C "$CLONE" "$@" 2>&1; }
# lacks TEXT PATTERN: TEXT has no line matching the extended PATTERN.
lacks() { ! grep -Eq -- "$2" <<<"$1"; }
# pg_runs_from DIR: the running postmaster's binary is DIR/postgres.
pg_runs_from() { tr '\0' ' ' <"/proc/$(head -n 1 "${PGDATA}/postmaster.pid")/cmdline" | grep -q "^$1/postgres "; }
outside_and_private() { [[ "$1" != "${WORK}"/* ]] && [ "$(stat -c '%U %a' "$1")" = "postgres 700" ]; }
gone() { local p; for p in "$@"; do [ -n "$p" ] && [ ! -e "$p" ] || return 1; done; }

for tool in git make nginx redis-server curl; do
  command -v "$tool" >/dev/null || { fail "prerequisite ${tool} missing (make deps)"; finish; exit 1; }
done
ports_closed || { fail "ports ${PORTS[*]} are free (another run still going?)"; finish; exit 1; }

# --- the builds the clone links to (as make up would build them) ---------------------------
if [ ! -f "${ROOT}/backend/dist/main.js" ] || [ -n "$(find "${ROOT}/backend/src" -newer "${ROOT}/backend/dist/main.js" -print -quit)" ]; then
  (cd "${ROOT}/backend" && npm run --silent build)
fi
if [ ! -f "${ROOT}/frontend/dist/index.html" ]; then
  (cd "${ROOT}/frontend" && npm run --silent build >/dev/null)
fi

# --- the clone, in a folder only root can enter ---------------------------------------------
git clone --quiet "$ROOT" "$CLONE"
cp -R "${ROOT}/scripts/." "${CLONE}/scripts/"
cp -R "${ROOT}/make/." "${CLONE}/make/"
cp -R "${ROOT}/nginx/." "${CLONE}/nginx/"
cp "${ROOT}/Makefile" "${CLONE}/Makefile"
mkdir -p "${CLONE}/.tools"
ln -s "${ROOT}/.tools/node" "${CLONE}/.tools/node"
ln -s "${ROOT}/backend/node_modules" "${CLONE}/backend/node_modules"
ln -s "${ROOT}/backend/dist" "${CLONE}/backend/dist"
ln -s "${ROOT}/frontend/dist" "${CLONE}/frontend/dist"
check "clone in a 0700 folder (mode $(stat -c %a "$WORK"))" test "$(stat -c %a "$WORK")" = 700
if [ "$(id -u)" = 0 ]; then
  check "the postgres and nobody users cannot enter the clone" \
    bash -c "! runuser -u postgres -- test -x '${CLONE}' && ! runuser -u nobody -- test -x '${CLONE}'"
fi

# --- the local stack from the clone ----------------------------------------------------------
t0=$SECONDS
if ! start_out="$(bash "${CLONE}/scripts/local-stack.sh" start-app 2>&1)"; then
  fail "local stack starts from the clone: $(tail -n 5 <<<"$start_out")"
  finish
  exit 1
fi
pass "local stack starts from the clone in $((SECONDS - t0)) s (Postgres 17, Redis, s3rver, migrate, api, worker, nginx)"
check "make up's closing message names make down" has "$start_out" 'stop with: make down' 'make ps'
check "...and no longer scripts/local-stack.sh stop" lacks "$start_out" 'local-stack\.sh stop'

PGDATA="$(sed -n 's/^LOCAL_PGDATA=//p' "${LOCAL_RUN_DIR}/stack.env")"
if [ "$(id -u)" = 0 ]; then
  check "Postgres runs from a copy outside the clone ($(pg_shared_base)/native)" pg_runs_from "$(pg_shared_base)/native/bin"
  check "its data folder is outside the 0700 folder, the postgres user's, mode 700" outside_and_private "$(dirname "$PGDATA")"
fi
ui="$(curl -sk -m 10 "https://127.0.0.1:${LOCAL_HTTPS_PORT}/" || true)"
check "nginx serves the UI from the clone's build (workers as nobody)" has "$ui" '<div id="root">'
check "nginx proxies the API (/health/ready)" curl -fsk -m 10 -o /dev/null "https://127.0.0.1:${LOCAL_HTTPS_PORT}/health/ready"

# --- make ps ---------------------------------------------------------------------------------
out="$(mk ps)"
rows_ok=1
for svc in postgres redis s3 api worker nginx; do
  grep -qE "^${svc} +running +healthy +[0-9]+ " <<<"$out" || rows_ok=0
done
check "make ps lists the six local processes running and healthy" test "$rows_ok" = 1
check "make ps shows pids and ports" has "$out" "^api +running +healthy +$(cat "${LOCAL_RUN_DIR}/api.pid") +127\.0\.0\.1:${LOCAL_API_PORT} " \
  "^postgres .* 127\.0\.0\.1:${LOCAL_PG_PORT}" "^nginx .* https://localhost:${LOCAL_HTTPS_PORT} "
check "make ps needs no Docker" lacks "$out" '[Dd]ocker'

# --- make logs -------------------------------------------------------------------------------
check "the API writes its log file" test -s "${LOCAL_RUN_DIR}/api.log"
marker="clone-test-marker-${RANDOM}${RANDOM}"
# make logs starts 200 lines from the end (a busy API's log is longer than that): the first
# line it shows is the one 200 lines from the end when it starts.
first="$(tail -n 200 "${LOCAL_RUN_DIR}/api.log" | head -n 1 | cut -c 1-60)"
(sleep 2 && echo "$marker" >>"${LOCAL_RUN_DIR}/api.log") &
out="$(timeout 5 make --no-print-directory -C "$CLONE" logs SERVICE=api 2>&1 || true)"
check "make logs SERVICE=api shows the API's log (its last 200 lines)" has "$out" "^${first//[^A-Za-z0-9 ]/.}"
check "make logs follows it (a line written 2 s later shows)" has "$out" "$marker"
out="$(timeout 3 make --no-print-directory -C "$CLONE" logs 2>&1 || true)"
check "make logs shows every service's log files" has "$out" '==> .*/postgres\.log <==' '==> .*/worker\.log <==' \
  '==> .*/nginx-access\.log <==' '==> .*/redis\.log <=='
out="$(mk logs SERVICE=nope || true)"
check "make logs SERVICE=nope names the services there are" has "$out" 'no service nope in the local stack \(postgres, redis'

# --- make doctor -----------------------------------------------------------------------------
out="$(mk doctor || true)"
check "make doctor checks the local stack" has "$out" 'make up runs the local stack' '^ok: every local service is running and healthy' '\(local mode\)'
check "make doctor reports no local-service problem" lacks "$out" '^PROBLEM: local service'
kill "$(cat "${LOCAL_RUN_DIR}/worker.pid")"
# The worker drains its queue consumer on SIGTERM first: up to 20 s on a loaded machine.
for _ in $(seq 1 100); do kill -0 "$(cat "${LOCAL_RUN_DIR}/worker.pid")" 2>/dev/null || break; sleep 0.2; done
out="$(mk ps)"
check "make ps shows a killed worker as exited" has "$out" '^worker +exited '
out="$(mk doctor)" && rc=0 || rc=$?
check "make doctor reports it and fails" has "$out" '^PROBLEM: local service worker is exited/- → make logs SERVICE=worker'
check "...with a non-zero exit" test "$rc" != 0

# --- data made before make down ---------------------------------------------------------------
API="https://127.0.0.1:${LOCAL_HTTPS_PORT}/api/v1"
EMAIL="clone-${RANDOM}${RANDOM}@example.test"
BODY="kept across make down ${RANDOM}${RANDOM}"
# api METHOD PATH [TOKEN] [curl args…]: the response body (fails on an HTTP error).
api() { local m=$1 p=$2 tok=${3:-}; shift 3 || shift $#; curl -fsSk -m 20 -X "$m" ${tok:+-H "authorization: Bearer ${tok}"} "$@" "${API}${p}"; }
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s)[process.argv[1]]))' "$1"; }
login() { api POST /auth/login "" -H 'content-type: application/json' -d "{\"email\":\"${EMAIL}\",\"password\":\"clone-test-password-1\"}" | json accessToken; }
TOKEN="$(api POST /auth/register "" -H 'content-type: application/json' \
  -d "{\"email\":\"${EMAIL}\",\"password\":\"clone-test-password-1\",\"displayName\":\"Clone\"}" | json accessToken || true)"
WS="$(api POST /workspaces "$TOKEN" -H 'content-type: application/json' -d '{"name":"kept"}' | json id || true)"
api PUT "/workspaces/${WS}/files/content?path=kept.txt" "$TOKEN" -H 'content-type: application/octet-stream' --data-binary "$BODY" >/dev/null || true
check "a user, a workspace and a file made before make down" test -n "$TOKEN" -a -n "$WS" -a \
  "$(api GET "/workspaces/${WS}/files/content?path=kept.txt" "$TOKEN" 2>/dev/null)" = "$BODY"

# --- make down -------------------------------------------------------------------------------
web="$(ls -d "${TMPDIR:-/tmp}"/roo-web-"$(printf '%s' "$LOCAL_RUN_DIR" | sha256sum | cut -c1-16)" 2>/dev/null || true)"
out="$(mk down)"
check "make down stops the local stack and says the data is kept" has "$out" 'local stack stopped; data kept in '
check "every port is closed afterwards" ports_closed
out="$(mk ps)"
check "make ps after make down: everything stopped" has "$out" '^postgres +stopped' '^api +stopped' 'not running \(make up starts it\)'
check "make down keeps the data folder in the clone (.local/)" test -d "${LOCAL_DATA_DIR}/services/s3" -a -s "${LOCAL_DATA_DIR}/secrets.env"
if [ "$(id -u)" = 0 ]; then
  check "make down keeps Postgres' data folder outside the clone, removes the web folder" \
    bash -c "[ -f '${PGDATA}/PG_VERSION' ] && [ ! -e '${web:-/nonexistent}' ]"
fi

# --- make up again: the same data --------------------------------------------------------------
if ! out="$(bash "${CLONE}/scripts/local-stack.sh" start-app 2>&1)"; then
  fail "local stack starts again after make down: $(tail -n 5 <<<"$out"); api.log: $(tail -n 15 "${LOCAL_RUN_DIR}/api.log" 2>&1)"
else
  TOKEN2="$(login || true)"
  check "after make down and up: the user signs in" test -n "$TOKEN2"
  check "...the workspace and the file are there, byte for byte" test \
    "$(api GET "/workspaces/${WS}/files/content?path=kept.txt" "$TOKEN2" 2>/dev/null)" = "$BODY"
fi

# --- make clean-data --------------------------------------------------------------------------
out="$(mk clean-data </dev/null)" && rc=0 || rc=$?
kept=no
[ "$rc" != 0 ] && [ -d "${LOCAL_DATA_DIR}/services" ] && kept=yes
check "make clean-data without the typed confirmation fails and deletes nothing" test "$kept" = yes
check "...and says how to confirm" has "$out" 'CONFIRM=delete'
out="$(CONFIRM=delete mk clean-data)"
check "make clean-data (typed confirmation) stops the stack and deletes its data" has "$out" 'data deleted'
check "...every port closed, the data folders gone (in the clone and outside it)" \
  bash -c "$(declare -f port_open ports_closed gone); PORTS=(${PORTS[*]}); ports_closed && gone '${LOCAL_DATA_DIR}' '$(dirname "$PGDATA")'"
finish
