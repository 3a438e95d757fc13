#!/usr/bin/env bash
# `make test-compose`: the Compose test tier (docs/operations.md "What the compose test
# tier proves"). Runs docker-compose.yml itself, the way an operator does: a temp copy
# of the repository, the real `make init` there, then Compose v2 (`docker compose up
# --wait`) with the overlay test-stack/compose.test.yml, which only points image variables
# at stand-ins built from Debian packages (never tagged with an official image's name;
# Postgres 17, nginx 1.26 and Alertmanager 0.28 from Debian 13) and replaces what has no
# stand-in (MinIO → s3rver, minio-init → bucket creation through the S3 API).
# Checks: every started service healthy, one-shot order (minio-init → postgres,
# migrate → api/worker), HTTPS through nginx on 127.0.0.1 (readiness, SPA, redirect,
# headers), sign-up/login/workspace/upload/download and an agent task via the API,
# WAL archiving, `make backup-base` + `make restore-check` (PITR restore of the latest
# state into a scratch instance), Prometheus targets, `make backup` (compose mode: database and bucket,
# the backup's manifest and objects checked against the API's files), the round trip
# (database and bucket wiped, `make restore`, the same data and bytes back, healthy again,
# a new task), `make doctor`, clean logs, every container stopping on its signal,
# `down -v`; then the newcomer path (test-stack/newcomer.ts, screenshots in test-results/).
# Prints a report and
# removes what it started (containers, volumes, networks, engine, temp folder) also
# on failure; built images stay in the engine's data root under .tools/stack-cache.
#   COMPOSE_TEST_KEEP=1        leave the engine and the stack running (prints how to reach it)
#   COMPOSE_TEST_HTTPS_PORT    loopback HTTPS port of nginx (default 26443; HTTP: _HTTP_PORT, 26080 — apart from make test-e2e's 28443/28080, so both can run at once)
#   COMPOSE_TEST_FRESH=1       start from an empty image cache
#   COMPOSE_TEST_NEWCOMER=0    leave out the newcomer path (test-stack/newcomer.ts)
#   COMPOSE_TEST_OUT           artefacts folder (default test-results/compose-<UTC stamp>)
#   COMPOSE_TEST_ENGINE=debian12  the engine of Debian 12's docker.io (20.10) instead of
#                              Debian 13's dockerd 26 + containerd 1.7 (the default, falling
#                              back to Debian 12's when it does not start)
# Compose v2 is Debian 13's docker-compose (scripts/setup-compose.sh, a static binary in
# .tools/compose) as the docker CLI's plugin (DOCKER_CONFIG): the committed files run as
# they are, and the ops scripts (make doctor, backup, restore, backup-base, restore-check)
# call `docker compose` as on an operator's host. Images are built by the test itself
# (the Dockerfiles' `# syntax=` line would pull a BuildKit frontend): `up --no-build`.
# All traffic stays on 127.0.0.1 and the test's own networks; every wait is bounded.
set -euo pipefail
# shellcheck source=scripts/stack-lib.sh
source "$(dirname "$0")/stack-lib.sh"

bash scripts/setup-node.sh
use_node

WORK="$(mktemp -d /tmp/roo-compose.XXXXXX)"
# The tier builds and runs what a `git clone` gives: a shallow clone of the committed HEAD
# (files being edited in this checkout never reach an image). COMPOSE_TEST_SOURCE=worktree
# takes the working tree's tracked and new files instead (to try changes before committing).
SRC="${WORK}/src"
CACHE="${TOOLS_DIR}/stack-cache"
ENGINE_ROOT="${CACHE}/compose-engine"
PROJ="${WORK}/project"
HTTPS_PORT="${COMPOSE_TEST_HTTPS_PORT:-26443}"
# The run's artefacts (the newcomer path's screenshots and log): git-ignored test-results/.
OUT="${COMPOSE_TEST_OUT:-${ROOT}/test-results/compose-$(date -u +%Y%m%dT%H%M%SZ)}"
HTTP_PORT="${COMPOSE_TEST_HTTP_PORT:-26080}"
URL="https://127.0.0.1:${HTTPS_PORT}"
PROJECT=roo
TAG=compose-test
T_START=$(date +%s)
RESULTS=()
DOCKERD_PID=""
UP_DONE=0
# Services that cannot run on this machine (no package reachable), with the reason.
declare -A NOT_RUN=(
  [grafana]="no Grafana package reachable here"
  [loki]="no Grafana Loki package reachable here (Debian's loki is another program)"
  [alloy]="no Grafana Alloy package reachable here"
  [cadvisor]="no cAdvisor package reachable here"
)

# ---------------------------------------------------------------- report and cleanup
result() { RESULTS+=("$(printf '%-36s %-5s %5ss  %s' "$1" "$2" "$3" "$4")"); log "$1: $2 ($3 s) $4"; }

# dcp ARGS…: Compose v2 in the project copy (its .env selects the files).
dcp() { (cd "$PROJ" && dk compose "$@"); }

# Removes the test's containers, volumes and networks (the engine's data root is kept
# for its images) and stops the engine.
engine_cleanup() {
  [ -n "$DOCKERD_PID" ] && kill -0 "$DOCKERD_PID" 2>/dev/null || return 0
  [ -f "${PROJ}/.env" ] && timeout 180 bash -c "cd '${PROJ}' && '${DOCKER}' compose down -v --remove-orphans -t 20" >/dev/null 2>&1
  # shellcheck disable=SC2046
  dk rm -f $(dk ps -aq) >/dev/null 2>&1
  dk volume prune -f >/dev/null 2>&1
  dk network prune -f >/dev/null 2>&1
  dk image prune -f >/dev/null 2>&1
  dk builder prune -f --keep-storage 8GB >/dev/null 2>&1
}

# Left over from an interrupted run (the data root is kept for its images only).
engine_cleanup_leftovers() {
  # shellcheck disable=SC2046
  dk rm -f $(dk ps -aq) >/dev/null 2>&1 || true
  dk volume prune -f >/dev/null 2>&1 || true
  dk network prune -f >/dev/null 2>&1 || true
}

cleanup() {
  local rc=$?
  set +e
  if [ "${COMPOSE_TEST_KEEP:-0}" = 1 ] && [ -n "$DOCKERD_PID" ]; then
    log "kept: DOCKER_HOST=unix://${WORK}/docker.sock DOCKER_CONFIG=${DOCKER_CONFIG}, cd ${PROJ} && docker compose ps, ${URL}; stop dockerd pid ${DOCKERD_PID} and rm -rf ${WORK} when done"
    exit "$rc"
  fi
  engine_cleanup
  stop_engine
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# services_table: one line per container of the project: service, image, state, health, restarts.
services_table() {
  local c
  for c in $(dk ps -aq --filter "label=com.docker.compose.project=${PROJECT}"); do
    dk inspect "$c" --format '{{ index .Config.Labels "com.docker.compose.service" }} {{.Config.Image}} {{.State.Status}}{{if eq .State.Status "exited"}}({{.State.ExitCode}}){{end}} {{if .State.Health}}{{.State.Health.Status}}{{else}}no-healthcheck{{end}} {{.RestartCount}}'
  done | sort | awk '{ printf "  %-18s %-44s %-10s %-15s restarts %s\n", $1, $2, $3, $4, $5 }'
}

print_report() {
  local status=$1 s
  echo
  echo "==================== make test-compose report ===================="
  printf '%-36s %-5s %6s  %s\n' STEP RESULT TIME DETAIL
  printf '%s\n' "${RESULTS[@]}"
  echo "-------------------------------------------------------------------"
  if [ -s "${WORK}/services.txt" ]; then
    echo "services that ran (as seen before down -v):"
    cat "${WORK}/services.txt"
  fi
  echo "not run here:"
  for s in $(printf '%s\n' "${!NOT_RUN[@]}" | sort); do printf '  %-18s %s\n' "$s" "${NOT_RUN[$s]}"; done
  echo "stand-ins: minio = s3rver (roo-test/s3-server), minio-init = bucket creation via the S3 API (no mc; backups need none),"
  echo "  postgres = compose/postgres/Dockerfile on Debian 13's PostgreSQL $(dk run --rm --entrypoint postgres roo-standin/postgres:17 --version 2>/dev/null | awk '{print $3}'),"
  echo "  nginx (frontend image) on Debian 13's nginx $(dk run --rm --entrypoint nginx roo-standin/nginx:1.26 -v 2>&1 | grep -oE '[0-9.]+$'), alertmanager = Debian 13's $(dk run --rm roo-standin/alertmanager:0.28 --version 2>&1 | grep -oE 'version [0-9.]+' | head -n 1), node-exporter on an empty /host"
  echo "images (kept in ${ENGINE_ROOT} for the next run):"
  tier_images_report
  echo "engine: Docker $(dk version --format '{{.Server.Version}}' 2>/dev/null) (${ENGINE_NAME}), Compose $(dk compose version --short 2>/dev/null) (Debian 13's docker-compose as the CLI plugin), CLI $(dk version --format '{{.Client.Version}}' 2>/dev/null)"
  echo "total: $(($(date +%s) - T_START)) s, overall: ${status}"
  echo "==================================================================="
}

# ---------------------------------------------------------------- images
# source_tree: SRC = a shallow clone of HEAD (default) or a copy of the working tree's
# tracked and new files (COMPOSE_TEST_SOURCE=worktree). Builds, the project copy and the
# test clients all run from it.
SRC_DESC=""
source_tree() {
  local f
  if [ "${COMPOSE_TEST_SOURCE:-head}" = worktree ]; then
    mkdir -p "$SRC"
    git -C "$ROOT" ls-files -co --exclude-standard | while IFS= read -r f; do [ -e "${ROOT}/${f}" ] && printf '%s\n' "$f"; done >"${WORK}/src-files.txt"
    tar -C "$ROOT" -cf - -T "${WORK}/src-files.txt" | tar -xf - -C "$SRC"
    SRC_DESC="working tree (COMPOSE_TEST_SOURCE=worktree) at $(git -C "$ROOT" rev-parse --short HEAD)"
  else
    git clone -q --depth 1 "file://${ROOT}" "$SRC" || die "git clone of HEAD failed"
    SRC_DESC="clone of HEAD $(git -C "$SRC" rev-parse --short HEAD)"
  fi
}

build_images() {
  build_standins nginx:1.26@trixie postgres:17@trixie alertmanager:0.28@trixie redis:7.0 prometheus:2.42 \
    node-exporter:1.5 postgres-exporter:0.17@trixie redis-exporter:1.45 nginx-exporter:0.11 blackbox-exporter:0.23
  # The project's Postgres image (Barman's cloud tools for PITR) on the stand-in base.
  build "roo-server/postgres:${TAG}" compose/postgres --build-arg POSTGRES_BASE_IMAGE=roo-standin/postgres:17
  build_backend "roo-server/backend:${TAG}" --build-arg "VERSION=${TAG}"
  build_frontend "roo-server/frontend:${TAG}" --build-arg "VERSION=${TAG}" --build-arg NGINX_IMAGE=roo-standin/nginx:1.26
  build roo-test/s3-server:3.7.1 test-stack/services/s3-server
  build "roo-test/fake-llm:${TAG}" backend/test/fake-llm -f test-stack/services/fake-llm/Dockerfile
}

# ---------------------------------------------------------------- the project copy
# set_env KEY VALUE: replaces KEY's line in the copy's .env, or appends it; the line is also
# kept in WORK/test.env for the newcomer path (test-stack/newcomer.ts), which adds the same.
set_env() {
  local f="${PROJ}/.env"
  printf '%s=%s\n' "$1" "$2" >>"${WORK}/test.env"
  if grep -q "^$1=" "$f"; then
    awk -v k="$1" -v v="$2" 'index($0, k "=") == 1 { print k "=" v; next } { print }' "$f" >"${f}.tmp" && mv "${f}.tmp" "$f"
  else
    printf '%s=%s\n' "$1" "$2" >>"$f"
  fi
}

make_project() {
  local f
  mkdir -p "$PROJ" "${WORK}/rootfs-for-node-exporter"
  # The source tree as cloned (source_tree), without its .git.
  tar -C "$SRC" --exclude=./.git -cf - . | tar -xf - -C "$PROJ"
  # The real `make init`, in the copy.
  PUBLIC_URL="$URL" make -s -C "$PROJ" init >"${WORK}/init.log" 2>&1 || { cat "${WORK}/init.log" >&2; die "make init failed"; }
  set_env COMPOSE_FILE docker-compose.yml:test-stack/compose.test.yml
  set_env COMPOSE_PROJECT_NAME "$PROJECT"
  set_env REGISTRATION_MODE open
  # Published on loopback only (Compose's "IP:port" form of the same variables).
  set_env HTTP_PORT "127.0.0.1:${HTTP_PORT}"
  set_env HTTPS_PORT "127.0.0.1:${HTTPS_PORT}"
  set_env BACKEND_IMAGE "roo-server/backend:${TAG}"
  set_env FRONTEND_IMAGE "roo-server/frontend:${TAG}"
  set_env POSTGRES_IMAGE "roo-server/postgres:${TAG}"
  set_env REDIS_IMAGE roo-standin/redis:7.0
  set_env PROMETHEUS_IMAGE roo-standin/prometheus:2.42
  set_env ALERTMANAGER_IMAGE roo-standin/alertmanager:0.28
  set_env NODE_EXPORTER_IMAGE roo-standin/node-exporter:1.5
  set_env POSTGRES_EXPORTER_IMAGE roo-standin/postgres-exporter:0.17
  set_env REDIS_EXPORTER_IMAGE roo-standin/redis-exporter:1.45
  set_env NGINX_EXPORTER_IMAGE roo-standin/nginx-exporter:0.11
  set_env BLACKBOX_EXPORTER_IMAGE roo-standin/blackbox-exporter:0.23
  set_env S3_TEST_IMAGE roo-test/s3-server:3.7.1
  set_env FAKE_LLM_IMAGE "roo-test/fake-llm:${TAG}"
  set_env PROVIDER_EGRESS_ALLOW fake-llm # its private address on egress (provider egress policy)
  set_env NODE_EXPORTER_ROOTFS "${WORK}/rootfs-for-node-exporter"
  # s3rver accepts only its fixed keys (no users); alerts go nowhere in a test.
  for f in s3_access_key s3_secret_key pitr_s3_access_key pitr_s3_secret_key; do printf 'S3RVER' >"${PROJ}/secrets/${f}"; done
  printf 'http://127.0.0.1:9/no-alerts-in-tests' >"${PROJ}/secrets/alert_webhook_url"
}

# ---------------------------------------------------------------- checks
# health_state: "service state health exit" per container (one line each).
health_state() {
  local c
  for c in $(dk ps -aq --filter "label=com.docker.compose.project=${PROJECT}"); do
    dk inspect "$c" --format '{{ index .Config.Labels "com.docker.compose.service" }} {{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}} {{.State.ExitCode}}'
  done
}

# `make up`'s own command (scripts/ops-compose.sh): Compose v2 waits for every depends_on
# condition and then for every service to be healthy (one-shots: completed); `timeout`
# bounds the whole start.
step_up() {
  local t out n
  t=$(date +%s)
  if out="$(timeout 900 bash -c "cd '${PROJ}' && '${DOCKER}' compose up -d --wait --no-build --remove-orphans" 2>&1)"; then
    UP_DONE=1
    n="$(dk ps -aq --filter "label=com.docker.compose.project=${PROJECT}" | wc -l)"
    result "up -d --wait (Compose v2)" PASS $(($(date +%s) - t)) "${n} containers; docker-compose.yml + the test overlay as committed (build secrets, profiles, nested defaults: no translation)"
  else
    printf '%s\n' "$out" | tail -n 20 >&2
    health_state >&2
    dcp logs --tail 30 >&2 2>&1 || true
    result "up -d --wait (Compose v2)" FAIL $(($(date +%s) - t)) "$(tail -n 2 <<<"$out" | tr '\n' ' ')"
    return 1
  fi
}

# Every started service healthy per its healthcheck (running, for those without one;
# exited 0 for the one-shots), within 240 s.
# not_healthy: the services that are not as they should be (empty when all are).
not_healthy() {
  local svc state health code bad=""
  while read -r svc state health code; do
    case "$svc" in
      migrate | minio-init) [ "$state" = exited ] && [ "$code" = 0 ] || bad+="${svc}:${state}(${code}) " ;;
      *) { [ "$state" = running ] && { [ "$health" = healthy ] || [ "$health" = none ]; }; } || bad+="${svc}:${state}/${health} " ;;
    esac
  done < <(health_state)
  printf '%s' "$bad"
}

step_healthy() {
  local t bad="" line
  t=$(date +%s)
  for _ in $(seq 1 120); do
    bad="$(not_healthy)"
    [ -z "$bad" ] && break
    sleep 2
  done
  services_table >"${WORK}/services.txt"
  local n_health n_none
  n_health="$(health_state | awk '$3 == "healthy"' | wc -l)"
  n_none="$(health_state | awk '$2 == "running" && $3 == "none" { printf "%s ", $1 }')"
  if [ -z "$bad" ]; then
    result "every started service healthy" PASS $(($(date +%s) - t)) "${n_health} healthy by their healthcheck; running without one: ${n_none:-none}; one-shots exited 0"
  else
    for line in $bad; do dcp logs --tail 20 "${line%%:*}" >&2 2>&1 || true; done
    result "every started service healthy" FAIL $(($(date +%s) - t)) "not ready after 240 s: ${bad}"
    return 1
  fi
}

container_of() { dk ps -aq --filter "label=com.docker.compose.project=${PROJECT}" --filter "label=com.docker.compose.service=$1" | head -n 1; }
ts() { dk inspect "$(container_of "$1")" --format "{{.State.$2}}" | xargs -I{} date -d {} +%s.%N; }

step_order() {
  local t mig_end api_start worker_start init_end pg_start detail ok=1
  t=$(date +%s)
  mig_end="$(ts migrate FinishedAt)"
  api_start="$(ts api StartedAt)"
  worker_start="$(ts worker StartedAt)"
  init_end="$(ts minio-init FinishedAt)"
  pg_start="$(ts postgres StartedAt)"
  detail="$(awk -v m="$mig_end" -v a="$api_start" -v w="$worker_start" -v i="$init_end" -v p="$pg_start" \
    'BEGIN { printf "migrate ended %.1f s before api started, %.1f s before worker; minio-init ended %.1f s before postgres started", a - m, w - m, p - i }')"
  awk -v m="$mig_end" -v a="$api_start" -v w="$worker_start" -v i="$init_end" -v p="$pg_start" 'BEGIN { exit !(m < a && m < w && i < p) }' || ok=0
  if [ "$ok" = 1 ]; then
    result "start order (one-shots first)" PASS $(($(date +%s) - t)) "$detail"
  else
    result "start order (one-shots first)" FAIL $(($(date +%s) - t)) "$detail"
  fi
}

step_edge() {
  local t ca="${PROJ}/secrets/tls/tls.crt" code body headers redirect absent="" h ok=1 detail=""
  t=$(date +%s)
  code="$(curl -sS --max-time 10 --cacert "$ca" -o /dev/null -w '%{http_code}' "${URL}/health/ready" || echo 000)"
  [ "$code" = 200 ] || ok=0
  detail+="/health/ready ${code}; "
  body="$(curl -sS --max-time 10 --cacert "$ca" -w '\n%{http_code}' "${URL}/" || echo 000)"
  if [ "$(tail -n 1 <<<"$body")" != 200 ] || ! grep -q '<div id="root"' <<<"$body"; then ok=0; fi
  detail+="UI / $(tail -n 1 <<<"$body")$(grep -q '<div id="root"' <<<"$body" && echo ' (SPA shell)'); "
  headers="$(curl -sS --max-time 10 --cacert "$ca" -o /dev/null -D - "${URL}/" || true)"
  for h in strict-transport-security content-security-policy 'x-content-type-options: nosniff' 'x-frame-options: deny' \
    referrer-policy permissions-policy cross-origin-opener-policy x-request-id; do
    grep -qi "^${h}" <<<"$headers" || absent+="${h} "
  done
  grep -qi '^server: nginx/' <<<"$headers" && absent+="(server version shown) "
  [ -z "$absent" ] || ok=0
  detail+="security headers $([ -z "$absent" ] && echo 'all present' || echo "absent: ${absent}"); "
  redirect="$(curl -sS --max-time 10 -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:${HTTP_PORT}/some/page?x=1" || echo 000)"
  [[ "$redirect" == "301 https://127.0.0.1/some/page?x=1" ]] || ok=0
  detail+="HTTP→HTTPS ${redirect}; TLS verified against make init's certificate"
  if [ "$ok" = 1 ]; then
    result "HTTPS through nginx (127.0.0.1)" PASS $(($(date +%s) - t)) "$detail"
  else
    result "HTTPS through nginx (127.0.0.1)" FAIL $(($(date +%s) - t)) "$detail"
  fi
}

step_api() {
  local t out snap
  t=$(date +%s)
  export STACK_URL="$URL" NODE_EXTRA_CA_CERTS="${PROJ}/secrets/tls/tls.crt"
  if out="$(node test-stack/client.mjs smoke "${WORK}/state.json" 2>&1)" && snap="$(node test-stack/client.mjs snapshot "${WORK}/state.json" 2>&1)"; then
    result "API: sign-up, login, files, task" PASS $(($(date +%s) - t)) "register, workspace, upload README.md, provider → fake LLM, task completed (question answered), NOTES.md read back; login + every file downloaded and its SHA-256 matched: ${snap}"
  else
    result "API: sign-up, login, files, task" FAIL $(($(date +%s) - t)) "${out} ${snap:-}"
    dcp logs --tail 30 api worker >&2 2>&1 || true
  fi
}

# execute_command in the stack (docs/sandbox.md, "The Compose driver"): bubblewrap in the
# worker container under compose/sandbox/seccomp.json. A task whose prompt makes the fake
# LLM call execute_command with `git --version && node --version`, approved through the
# API; its command_output must have exit code 0 and both versions. The worker itself must
# run under the committed profile (a seccomp filter, no capability, uid 1000).
step_sandbox() {
  local t out status
  t=$(date +%s)
  export STACK_URL="$URL" NODE_EXTRA_CA_CERTS="${PROJ}/secrets/tls/tls.crt"
  status="$(dcp exec -T worker sh -c 'id -u; grep -E "^(CapEff|NoNewPrivs|Seccomp):" /proc/self/status' 2>&1 | tr -d '\r' | tr '\n\t' '  ')"
  if out="$(node test-stack/client.mjs command "${WORK}/state.json" 'git --version && node --version' '^git version \d' '(^|\n)v24\.' 2>&1)" &&
    [ "$status" = "1000 CapEff: 0000000000000000 NoNewPrivs: 1 Seccomp: 2 " ]; then
    result "execute_command in the sandbox" PASS $(($(date +%s) - t)) "approved via the API, bubblewrap in the worker (${status}): ${out}"
  else
    result "execute_command in the sandbox" FAIL $(($(date +%s) - t)) "worker: ${status}; ${out}"
    dcp logs --tail 30 worker >&2 2>&1 || true
  fi
}

# WAL archiving (docs/pitr.md): a forced segment switch reaches the PITR bucket.
step_wal() {
  local t before after failed
  t=$(date +%s)
  q() { dcp exec -T postgres psql -U roo -d roo -Atc "$1" 2>/dev/null | tr -d '\r'; }
  before="$(q 'SELECT archived_count FROM pg_stat_archiver')"
  q 'SELECT pg_switch_wal()' >/dev/null
  for _ in $(seq 1 45); do
    after="$(q 'SELECT archived_count FROM pg_stat_archiver')"
    [ "${after:-0}" -gt "${before:-0}" ] && break
    sleep 2
  done
  failed="$(q 'SELECT failed_count FROM pg_stat_archiver')"
  if [ "${after:-0}" -gt "${before:-0}" ]; then
    result "WAL archived to S3 (roo-pitr)" PASS $(($(date +%s) - t)) "archived_count ${before} → ${after}, failed_count ${failed} (barman-cloud-wal-archive → s3rver)"
  else
    dcp logs --tail 20 postgres >&2 2>&1 || true
    result "WAL archived to S3 (roo-pitr)" FAIL $(($(date +%s) - t)) "archived_count ${before} → ${after}, failed_count ${failed}"
  fi
}

# Point-in-time recovery on Postgres 17 (docs/pitr.md): `make backup-base` (barman-cloud-backup
# in pg-backup) and `make restore-check` (the latest base backup + archived WAL restored
# into a scratch instance in a throw-away pg-backup container, every table read).
step_pitr() {
  local t out bad=""
  t=$(date +%s)
  out="$(ops_make backup-base)" || bad+="make backup-base failed: $(tail -n 3 <<<"$out" | tr '\n' ' '); "
  printf '%s\n' "$out" >"${WORK}/backup-base.txt"
  out="$(ops_make restore-check)" || bad+="make restore-check failed: $(tail -n 4 <<<"$out" | tr '\n' ' '); "
  printf '%s\n' "$out" >"${WORK}/restore-check.txt"
  if [ -z "$bad" ]; then
    result "PITR: backup-base + restore-check" PASS $(($(date +%s) - t)) "$(tail -n 1 <<<"$out" | cut -c1-200)"
  else
    result "PITR: backup-base + restore-check" FAIL $(($(date +%s) - t)) "$bad"
  fi
}

step_prometheus() {
  local t c summary="" need_ok
  t=$(date +%s)
  c="$(container_of prometheus)"
  for _ in $(seq 1 45); do
    summary="$(dk exec "$c" wget -q -O - 'http://127.0.0.1:9090/api/v1/targets?state=active' 2>/dev/null |
      node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const j={};for(const x of JSON.parse(s).data.activeTargets){const k=x.labels.job;j[k]??=[0,0];j[k][1]++;if(x.health==='up')j[k][0]++}console.log(Object.keys(j).sort().map(k=>k+' '+j[k][0]+'/'+j[k][1]).join(', '))})" 2>/dev/null || true)"
    need_ok=1
    for job in api worker nginx postgres redis node blackbox-tls prometheus alertmanager; do
      if ! [[ "$summary" =~ (^|, )${job}\ ([0-9]+)/([0-9]+) ]] || [ "${BASH_REMATCH[2]}" -lt 1 ] ||
        [ "${BASH_REMATCH[2]}" != "${BASH_REMATCH[3]}" ]; then need_ok=0; fi
    done
    [ "$need_ok" = 1 ] && break
    sleep 2
  done
  if [ "$need_ok" = 1 ]; then
    result "Prometheus targets up" PASS $(($(date +%s) - t)) "up/total per job: ${summary} (cadvisor not run)"
  else
    result "Prometheus targets up" FAIL $(($(date +%s) - t)) "up/total per job: ${summary:-no answer}"
  fi
}

# ops_make TARGET: a make target of the project copy, as an operator runs it (the
# docker CLI on PATH with Compose v2 as its plugin, this engine through DOCKER_HOST).
ops_make() {
  COMPOSE_PROJECT_NAME="$PROJECT" timeout 300 make -s -C "$PROJ" "$@" 2>&1
}

# psql ARGS…: psql in the postgres container as the app's database owner.
pg_q() { dcp exec -T postgres psql -U roo -d roo -v ON_ERROR_STOP=1 -Atc "$1" 2>&1 | tr -d '\r'; }
# bucket_objects: how many objects the app's bucket holds (s3rver keeps each as a file
# <key>._S3rver_object under /data/<bucket>); "gone" when the bucket itself is.
bucket_objects() {
  dcp exec -T minio sh -c 'if [ -d /data/roo-files ]; then find /data/roo-files -type f -name "*._S3rver_object" | wc -l; else echo gone; fi' | tr -d '\r '
}

# make backup in its compose mode (chosen by itself): pg_dump through docker compose exec,
# the bucket through scripts/stack-s3-mirror.mjs in a one-off container of the api
# service. Then the backup itself: its manifest verifies and lists exactly the folder's
# files, backup.env says compose mode, db.dump is a pg_dump archive with the app's table
# data, and every file the API records is under objects/ at its object key with the size
# and SHA-256 the API recorded.
BACKUP=""
BEFORE=""
step_backup() {
  local t out rc dirs bad="" files n_obj n_files key size sha got toc tables
  t=$(date +%s)
  export STACK_URL="$URL" NODE_EXTRA_CA_CERTS="${PROJ}/secrets/tls/tls.crt"
  BEFORE="$(node test-stack/client.mjs snapshot "${WORK}/state.json" 2>&1)" || bad+="snapshot before the backup: ${BEFORE}; "
  files="$(node test-stack/client.mjs files "${WORK}/state.json" 2>&1)" || bad+="file list: ${files}; "
  out="$(ops_make backup)" && rc=0 || rc=$?
  printf '%s\n' "$out" >"${WORK}/backup.txt"
  [ "$rc" = 0 ] || bad+="make backup exited ${rc}: $(tail -n 3 <<<"$out" | tr '\n' ' '); "
  grep -q 'compose mode' <<<"$out" || bad+="not in compose mode; "
  grep -q 's3-mirror: backup of bucket roo-files' <<<"$out" || bad+="no s3-mirror line; "
  dirs="$(find "${PROJ}/backups" -mindepth 1 -maxdepth 1 -type d -name '20*Z' 2>/dev/null)"
  if [ "$(grep -c . <<<"$dirs")" != 1 ]; then
    bad+="expected one backup folder in backups/, found: $(tr '\n' ' ' <<<"$dirs"); "
  else
    BACKUP="$dirs"
    (cd "$BACKUP" && sha256sum --quiet -c SHA256SUMS) >/dev/null 2>&1 || bad+="SHA256SUMS does not verify; "
    # The manifest names every file of the folder (but itself), and no other.
    [ "$(cd "$BACKUP" && find . -type f ! -name SHA256SUMS | sort)" = "$(cut -c67- "${BACKUP}/SHA256SUMS" | sort)" ] ||
      bad+="SHA256SUMS does not list exactly the folder's files; "
    for kv in mode=compose db_file=db.dump bucket=roo-files; do
      grep -qx "$kv" "${BACKUP}/backup.env" || bad+="backup.env lacks ${kv}; "
    done
    toc="$(dcp exec -T postgres pg_restore -l <"${BACKUP}/db.dump" 2>&1 | tr -d '\r')"
    tables="$(grep -c ' TABLE DATA public ' <<<"$toc" || true)"
    for tbl in users workspaces files tasks task_messages; do
      grep -q " TABLE DATA public ${tbl} " <<<"$toc" || bad+="db.dump has no table data of ${tbl}; "
    done
    n_files=0
    if [ "${files:0:1}" = '[' ]; then
      while read -r key size sha; do
        n_files=$((n_files + 1))
        if [ ! -f "${BACKUP}/objects/${key}" ]; then bad+="objects/${key} missing; "; continue; fi
        got="$(sha256sum "${BACKUP}/objects/${key}" | cut -d' ' -f1)"
        [ "$got" = "$sha" ] && [ "$(stat -c %s "${BACKUP}/objects/${key}")" = "$size" ] ||
          bad+="objects/${key}: sha256 ${got:0:12}…, the API recorded ${sha:0:12}… (${size} bytes); "
      done < <(node -e 'for (const f of JSON.parse(process.argv[1])) console.log(f.key, f.size, f.sha256)' "$files")
    fi
    n_obj="$(find "${BACKUP}/objects" -type f | wc -l)"
    [ "$n_files" -gt 0 ] && [ "$n_obj" -ge "$n_files" ] || bad+="${n_obj} object file(s) for ${n_files} API file(s); "
  fi
  if [ -z "$bad" ]; then
    result "make backup (compose mode)" PASS $(($(date +%s) - t)) "compose mode picked by itself; db.dump (pg_dump via docker compose exec, ${tables} tables with data) + objects/ (s3-mirror in a one-off api container: ${n_obj} objects); SHA256SUMS verifies and lists exactly the folder's files; every one of the API's ${n_files} files at its object key with the recorded size and SHA-256; $(du -sh "$BACKUP" | cut -f1)"
  else
    result "make backup (compose mode)" FAIL $(($(date +%s) - t)) "$bad"
  fi
}

# The round trip: with the stack running, the database's schema dropped and the bucket
# deleted (its s3rver folder), each confirmed (no table, no bucket, login refused); then
# `make restore BACKUP=… YES=1` (compose mode): it must stop the running api, worker and
# nginx, pg_restore, mirror the bucket back (creating it again), start the stack and wait
# for it. After it: the snapshot of everything the user can read (profile, workspaces,
# every file's bytes hashed and matched to the SHA-256 the API recorded, the task, its
# messages, providers) identical to the one before the backup, the bucket holding as many
# objects as the backup, every service healthy again, and a new sign-up + upload + task
# through the worker (writes work, not only reads).
WIPE_AT=""
step_restore() {
  local t out rc bad="" api_before api_after n tables code after ca="${PROJ}/secrets/tls/tls.crt" smoke wipe="" unhealthy
  t=$(date +%s)
  if [ -z "$BACKUP" ] || [ -z "$BEFORE" ]; then
    result "backup, wipe, make restore" FAIL 0 "no backup (or no snapshot) to restore"
    return 0
  fi
  WIPE_AT="$(date -u +%Y-%m-%dT%H:%M:%S.%NZ)"
  pg_q 'DROP SCHEMA public CASCADE; CREATE SCHEMA public' >"${WORK}/wipe.txt" || bad+="dropping the schema failed: $(tail -n 2 "${WORK}/wipe.txt"); "
  dcp exec -T minio rm -rf /data/roo-files >>"${WORK}/wipe.txt" 2>&1 || bad+="deleting the bucket failed; "
  tables="$(pg_q "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
  n="$(bucket_objects)"
  code="$(curl -sS --max-time 10 --cacert "$ca" -o /dev/null -w '%{http_code}' -H 'content-type: application/json' \
    -d "$(node -e 'const s=require(process.argv[1]);console.log(JSON.stringify({email:s.email,password:s.password}))' "${WORK}/state.json")" \
    "${URL}/api/v1/auth/login" || echo 000)"
  wipe="${tables} tables, bucket ${n}, login ${code}"
  [ "$tables" = 0 ] && [ "$n" = gone ] && [ "$code" != 200 ] || bad+="not wiped: ${wipe}; "
  api_before="$(ts api StartedAt)"
  out="$(ops_make restore "BACKUP=${BACKUP}" YES=1)" && rc=0 || rc=$?
  printf '%s\n' "$out" >"${WORK}/restore.txt"
  # make restore returns after `up --wait`: everything must be healthy right then.
  unhealthy="$(not_healthy)"
  [ -z "$unhealthy" ] || bad+="not healthy when make restore returned: ${unhealthy}; "
  [ "$rc" = 0 ] || bad+="make restore exited ${rc}: $(tail -n 4 <<<"$out" | tr '\n' ' '); "
  for want in 'compose mode' 'stopping api, worker and nginx' 's3-mirror: restore of bucket roo-files' 'restore complete from'; do
    grep -q "$want" <<<"$out" || bad+="no '${want}' in its output; "
  done
  api_after="$(ts api StartedAt)"
  awk -v a="$api_before" -v b="$api_after" 'BEGIN { exit !(b > a) }' || bad+="api was not restarted by it; "
  tables="$(pg_q "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
  n="$(bucket_objects)"
  [ "$n" = "$(find "${BACKUP}/objects" -type f | wc -l)" ] || bad+="the bucket holds ${n} objects, the backup $(find "${BACKUP}/objects" -type f | wc -l); "
  after="$(node test-stack/client.mjs snapshot "${WORK}/state.json" 2>&1)" || true
  [ "$after" = "$BEFORE" ] || bad+="snapshot before ${BEFORE} after ${after}; "
  code="$(curl -sS --max-time 10 --cacert "$ca" -o /dev/null -w '%{http_code}' "${URL}/health/ready" || echo 000)"
  [ "$code" = 200 ] || bad+="/health/ready ${code} after the restore; "
  smoke="$(node test-stack/client.mjs smoke "${WORK}/state-after.json" 2>&1)" || bad+="a new task after the restore: ${smoke}; "
  if [ -z "$bad" ]; then
    result "backup, wipe, make restore" PASS $(($(date +%s) - t)) "wiped with the stack running (${wipe}); make restore stopped api/worker/nginx, pg_restore (${tables} tables), s3-mirror restore (bucket created again, ${n} objects, each read back), up --wait; snapshot identical ${after}; every service healthy when it returned, /health/ready 200; new sign-up + upload + task completed"
  else
    result "backup, wipe, make restore" FAIL $(($(date +%s) - t)) "$bad"
    dcp logs --tail 30 api worker >&2 2>&1 || true
  fi
}

step_doctor() {
  local t out problems seen running
  t=$(date +%s)
  out="$(ops_make doctor || true)"
  printf '%s\n' "$out" >"${WORK}/doctor.txt"
  # What doctor's stack-health part sees (the same v2 `ps` forms).
  seen="$(dcp ps --all --format '{{.Service}} {{.State}} {{.Health}}' | awk '$2 == "running"' | wc -l)"
  running="$(dcp ps --status running --services | grep -c .)"
  problems="$(grep '^PROBLEM' <<<"$out" || true)"
  if [ -z "$problems" ] && grep -q '^ok: every service is running and healthy' <<<"$out" &&
    grep -q '^ok: docker compose 2\.' <<<"$out" && grep -q '^ok: TLS certificate' <<<"$out" &&
    grep -q 'no problems found (compose mode)' <<<"$out" && [ "$seen" -ge 15 ] && [ "$running" = "$seen" ]; then
    result "make doctor" PASS $(($(date +%s) - t)) "no problems; $(grep -c '^ok:' <<<"$out") ok lines ($(grep '^ok: docker compose' <<<"$out" | cut -c5-)), its stack check saw ${seen} running services, all healthy"
  else
    result "make doctor" FAIL $(($(date +%s) - t)) "stack check saw ${seen}/${running} running services; $(tr '\n' ';' <<<"$out")"
  fi
}

# Errors in the logs of the services this repository configures (stand-in noise such
# as Debian's node-exporter systemd collector is not looked at).
# The API and the worker answer the wiped database of step_restore with errors, on purpose:
# for them, the lines between the wipe and their restart by make restore are left out.
service_logs() {
  local c
  case "$1" in
    api | worker)
      if [ -n "$WIPE_AT" ]; then
        c="$(container_of "$1")"
        dk logs --until "$WIPE_AT" "$c" 2>&1
        dk logs --since "$(dk inspect "$c" --format '{{.State.StartedAt}}')" "$c" 2>&1
        return
      fi
      ;;
  esac
  dcp logs --no-color "$1" 2>&1
}

step_logs() {
  local t svc hits all=""
  t=$(date +%s)
  for svc in nginx api worker migrate postgres pg-backup minio-init; do
    # nginx's setrlimit alert: this machine's hard open-files limit is below nginx.conf's
    # worker_rlimit_nofile and the engine lacks CAP_SYS_RESOURCE to raise it.
    hits="$(service_logs "$svc" | grep -E '\[(alert|emerg|crit)\]|"level":(50|60)|"level":"(error|fatal)"| (FATAL|PANIC): |roo-pitr: error' |
      grep -v 'setrlimit(RLIMIT_NOFILE, 65535) failed' || true)"
    [ -n "$hits" ] && all+="${svc}: $(head -n 3 <<<"$hits" | cut -c1-240 | tr '\n' ' ') "
  done
  if [ -z "$all" ]; then
    result "no errors in service logs" PASS $(($(date +%s) - t)) "nginx (alert/emerg/crit), api, worker, migrate (level error/fatal), postgres (FATAL/PANIC), pg-backup, minio-init${WIPE_AT:+; api/worker: all but the wiped-database window}"
  else
    result "no errors in service logs" FAIL $(($(date +%s) - t)) "$all"
  fi
}

# `stop` with each service's own stop_grace_period (as `make down` does), in Compose's
# dependency order: every long-running container must exit on its stop signal, not be
# killed when the grace period runs out (exit 137). Then `down -v` must leave nothing.
step_down() {
  local t t0 left killed slow
  t=$(date +%s)
  t0="$(date +%s.%N)"
  if ! timeout 300 bash -c "cd '${PROJ}' && '${DOCKER}' compose stop" >"${WORK}/stop.log" 2>&1; then
    tail -n 10 "${WORK}/stop.log" >&2
  fi
  health_state >"${WORK}/stopped.txt"
  killed="$(awk '$1 != "migrate" && $1 != "minio-init" && $4 == 137 { printf "%s ", $1 }' "${WORK}/stopped.txt")"
  slow="$(for c in $(dk ps -aq --filter "label=com.docker.compose.project=${PROJECT}"); do
    dk inspect "$c" --format '{{ index .Config.Labels "com.docker.compose.service" }} {{.State.ExitCode}} {{.State.FinishedAt}}'
  done | while read -r svc code fin; do
    case "$svc" in migrate | minio-init) continue ;; esac
    printf '%s %s %s\n' "$(awk -v a="$(date -d "$fin" +%s.%N)" -v b="$t0" 'BEGIN { printf "%.1f", a - b }')" "$svc" "$code"
  done | sort -rn | head -n 4 | awk '{ printf "%s%s %s s (exit %s)", sep, $2, $1, $3; sep = ", " }')"
  if ! timeout 180 bash -c "cd '${PROJ}' && '${DOCKER}' compose down -v --remove-orphans" >"${WORK}/down.log" 2>&1; then
    tail -n 10 "${WORK}/down.log" >&2
  fi
  left="$(dk ps -aq --filter "label=com.docker.compose.project=${PROJECT}" | wc -l) containers, $(dk volume ls -q | wc -l) volumes, $(dk network ls -q --filter "label=com.docker.compose.project=${PROJECT}" | wc -l) networks"
  if [ "$left" = "0 containers, 0 volumes, 0 networks" ] && [ -z "$killed" ]; then
    result "stop + down -v cleans up" PASS $(($(date +%s) - t)) "every container exited on its stop signal; last to stop: ${slow}; left after down -v: ${left}"
  else
    result "stop + down -v cleans up" FAIL $(($(date +%s) - t)) "killed after their grace period: ${killed:-none}; last to stop: ${slow}; left after down -v: ${left} ($(dk volume ls -q | tr '\n' ' '))"
  fi
}

# The newcomer path, verbatim (test-stack/newcomer.ts, TypeScript run by Node 24): a fresh
# clone of the same source → make init → make up → every service healthy → sign-up,
# workspace, upload, provider, a task answered and completed in Chromium through nginx →
# make down → make up → the same data. Screenshots and its log go to OUT (test-results/).
step_newcomer() {
  local t out detail rc
  t=$(date +%s)
  mkdir -p "$OUT"
  out="$(cd "$SRC" && PLAYWRIGHT_FROM="${ROOT}/frontend/package.json" COMPOSE_PROJECT_NAME="$PROJECT" \
    timeout 2400 node test-stack/newcomer.ts "file://${SRC}" "$OUT" "${WORK}/test.env" 2>&1)" && rc=0 || rc=$?
  printf '%s\n' "$out" >"${OUT}/newcomer.log"
  detail="$(grep -c '^newcomer: PASS' <<<"$out") steps passed; $(find "$OUT" -name '*.png' | wc -l) screenshots in ${OUT#"${ROOT}/"}"
  if [ "$rc" = 0 ]; then
    result "newcomer path (clone → UI → down/up)" PASS $(($(date +%s) - t)) "${detail}; $(grep '^newcomer: PASS' <<<"$out" | sed -E 's/^newcomer: PASS //; s/\) .*/)/' | tr '\n' ';')"
  else
    result "newcomer path (clone → UI → down/up)" FAIL $(($(date +%s) - t)) "${detail}; $(grep '^newcomer: FAIL' <<<"$out" | cut -c1-400)"
  fi
}

# ---------------------------------------------------------------- main
df_avail_gb="$(df -BG --output=avail /tmp | tail -n 1 | tr -dc 0-9)"
[ "$df_avail_gb" -ge 15 ] || die "needs 15 GB free under /tmp (has ${df_avail_gb} GB)"
tier_need_packages dockerd:docker.io debootstrap:debootstrap
# Compose v2: Debian 13's docker-compose as the plugin of whichever docker CLI runs it.
DOCKER_CONFIG="$(bash scripts/setup-compose.sh --plugin)" || die "no Compose v2 (scripts/setup-compose.sh)"
export DOCKER_CONFIG
tier_lock
pick_cli
# Debian 13's engine (dockerd 26, containerd 1.7) when it runs here, else Debian 12's.
ENGINE_NAME="Debian 12's docker.io"
if [ "${COMPOSE_TEST_ENGINE:-debian13}" = debian13 ]; then
  # shellcheck source=scripts/trixie-lib.sh
  source "${ROOT}/scripts/trixie-lib.sh"
  if TIER_ENGINE_DIR="$(trixie_engine)"; then
    ENGINE_NAME="Debian 13's docker.io + containerd, the host's runc"
    ENGINE_ROOT="${CACHE}/compose-engine-debian13" # a newer engine may migrate a data root one way only
  else
    warn "Debian 13's dockerd does not run here: Debian 12's instead"
    TIER_ENGINE_DIR=""
  fi
fi
[ "${COMPOSE_TEST_FRESH:-0}" = 1 ] && rm -rf "$ENGINE_ROOT"
t=$(date +%s)
start_engine "$ENGINE_ROOT"
engine_cleanup_leftovers
result "engine (own dockerd)" PASS $(($(date +%s) - t)) "Docker $(dk version --format '{{.Server.Version}}') (${ENGINE_NAME}), Compose $(dk compose version --short), data root ${ENGINE_ROOT#"${ROOT}/"}"
CA="$(tier_ca_bundle || true)"
t=$(date +%s)
source_tree
cd "$SRC"
build_images
result "images (stand-ins + project)" PASS $(($(date +%s) - t)) "from a ${SRC_DESC}; debootstrap bases (Debian 12, 13), 11 stand-ins, backend, frontend, postgres (PITR), s3rver and fake-LLM test services"
t=$(date +%s)
make_project
result "project copy + make init" PASS $(($(date +%s) - t)) "real scripts/ops-init.sh in a copy of the tree; test settings appended to its .env"

overall=PASS
if step_up && step_healthy; then
  step_order
  step_edge
  step_api
  step_sandbox
  step_wal
  step_pitr
  step_prometheus
  step_backup
  step_restore
  step_doctor
  step_logs
fi
[ "$UP_DONE" = 1 ] || services_table >"${WORK}/services.txt"
if [ "${COMPOSE_TEST_KEEP:-0}" = 1 ]; then result "stop + down -v cleans up" SKIP 0 "COMPOSE_TEST_KEEP=1: the stack stays up"; else step_down; fi
if [ "$UP_DONE" = 1 ] && [ "${COMPOSE_TEST_KEEP:-0}" != 1 ] && [ "${COMPOSE_TEST_NEWCOMER:-1}" = 1 ]; then step_newcomer; fi
for r in "${RESULTS[@]}"; do [[ "$r" == *" FAIL "* ]] && overall=FAIL; done
print_report "$overall"
[ "$overall" = PASS ]
