#!/usr/bin/env bash
# The transports of `make backup` / `make restore` (scripts/ops-backup.sh, ops-restore.sh),
# which own everything else: folder layout, .partial + rename, manifest, its check before
# a restore, the typed confirmation, pruning, the Prometheus metric. Sourced, never run.
#
# BACKUP_MODE=compose|local (default auto: compose when its postgres service is running,
# else local when the local stack's settings or DATABASE_URL are there). Per mode:
#   <mode>_settings             labels ($db_label, $bucket, $endpoint) and checks, or dies
#   <mode>_db_backup DIR        writes DIR/db.dump (pg_dump -Fc) or DIR/db.pgdata.tar.gz
#   <mode>_bucket_backup DIR    copies the bucket into DIR
#   <mode>_db_check SRC         dies, before anything changes, when SRC cannot be restored here
#   <mode>_writers_stop | <mode>_writers_start    API, worker, nginx around a restore
#   <mode>_db_restore SRC | <mode>_bucket_restore DIR
#
# compose: pg_dump / pg_restore in the postgres container; the bucket with
#   scripts/stack-s3-mirror.mjs in a one-off container of the api service (backend image).
# local:   the stack of scripts/local-stack.sh (settings from its stack.env) or any
#   DATABASE_URL + S3_* given in the environment (which wins over stack.env). The database:
#   host pg_dump / pg_restore when one is at least the server's major version (PG_BIN_DIR,
#   the embedded Postgres, PATH, /usr/lib/postgresql/*/bin); without one, the local
#   stack's data folder is copied with Postgres stopped for those seconds (db.pgdata.tar.gz,
#   restorable into the local stack only). The bucket: scripts/stack-s3-mirror.mjs.
# shellcheck disable=SC2034  # settings are used by the scripts that source this file
set -euo pipefail
# shellcheck source=scripts/ops-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/ops-lib.sh"

PG_BIN="${PG_NATIVE}/bin" # lib.sh; root runs Postgres with the binaries of pg_bin
LOCAL_STACK_ENV="${LOCAL_RUN_DIR:-${ROOT}/.tools/run}/stack.env"

# backup_select_mode: sets $mode and that mode's settings, or dies naming what is missing.
backup_select_mode() {
  mode="${BACKUP_MODE:-auto}"
  if [ "$mode" = auto ]; then
    local why
    why="$(compose_not_running)"
    if [ -z "$why" ]; then
      mode=compose
    elif [ -f "$LOCAL_STACK_ENV" ] || [ -n "${DATABASE_URL:-}" ]; then
      mode=local
    else
      die "nothing to back up or restore: no Docker Compose stack (${why}), no local stack (${LOCAL_STACK_ENV} is missing: start it with make up or make dev) and no DATABASE_URL. BACKUP_MODE=compose or BACKUP_MODE=local picks one."
    fi
  fi
  case "$mode" in
    compose | local) "${mode}_settings" ;;
    *) die "BACKUP_MODE must be compose, local or auto, not ${mode}" ;;
  esac
  log "${mode} mode: database ${db_label}, bucket ${bucket} at ${endpoint}"
}

# backup_db_file DIR: the name of the database file in DIR (nothing when there is none).
backup_db_file() {
  local f
  for f in db.dump db.pgdata.tar.gz; do
    if [ -f "$1/$f" ]; then echo "$f"; return; fi
  done
}

# is_backup DIR: a folder written by make backup (a manifest and a database file).
is_backup() { [ -f "$1/SHA256SUMS" ] && [ -n "$(backup_db_file "$1")" ]; }

# ---- compose: the docker compose stack ------------------------------------------------

# Prints why the Compose stack cannot be used (nothing when it can).
compose_not_running() {
  if ! command -v docker >/dev/null 2>&1; then echo "docker is not installed"
  elif ! docker compose version >/dev/null 2>&1; then echo "Docker Compose v2 is missing"
  elif [ ! -f .env ]; then echo ".env is missing"
  elif [ -z "$(dc ps -q --status running postgres 2>/dev/null)" ]; then echo "its postgres service is not running"
  fi
}

compose_settings() {
  require_docker
  pg_user="$(env_get POSTGRES_USER roo)"
  db_label="$(env_get POSTGRES_DB roo)"
  bucket="$(env_get S3_BUCKET roo-files)"
  endpoint="$(env_get S3_ENDPOINT http://minio:9000)"
  roo_version="$(env_get ROO_VERSION unknown)"
}

compose_db_backup() {
  dc exec -T postgres pg_dump -Fc --no-owner -U "$pg_user" -d "$db_label" >"$1/db.dump"
}

compose_db_check() {
  [ -f "$1/db.dump" ] || die "$1 is a copy of the local stack's data folder (no db.dump): it restores only with BACKUP_MODE=local"
}

compose_db_restore() {
  dc exec -T postgres pg_restore --clean --if-exists --no-owner --exit-on-error -U "$pg_user" -d "$db_label" <"$1/db.dump"
}

# compose_s3_mirror backup|restore FOLDER: scripts/stack-s3-mirror.mjs, the bucket copier of
# every transport (local mode runs it on the host, the Swarm tier as a one-shot service),
# here in a one-off container of the api service: the backend image with the S3 SDK next
# to the script, the storage networks (egress too, for an external S3), and the S3
# settings and key files exactly as the API gets them (S3_ENDPOINT, S3_BUCKET, …,
# S3_ACCESS_KEY_FILE). `run` leaves out the service's ports and network aliases, so
# nginx and Prometheus never see it. It runs as the calling user: the backup's files are
# theirs, and the api service's dropped capabilities need no more.
compose_s3_mirror() {
  local ro=""
  [ "$1" = restore ] && ro=":ro"
  dc run --rm --no-deps -T --user "$(id -u):$(id -g)" \
    -v "${ROOT}/scripts/stack-s3-mirror.mjs:/app/s3-mirror.mjs:ro" -v "$(cd "$2" && pwd):/mirror${ro}" \
    --entrypoint node api /app/s3-mirror.mjs "$1" /mirror
}

compose_bucket_backup() { compose_s3_mirror backup "$1"; }
compose_bucket_restore() { compose_s3_mirror restore "$1"; }

compose_writers_stop() {
  log "stopping api, worker and nginx"
  dc stop nginx api worker
}

compose_writers_start() {
  log "starting the stack again (migrations run first)"
  dc up -d --wait
}

# ---- local: scripts/local-stack.sh, or DATABASE_URL + S3_* ------------------------------

local_settings() {
  local k v env_db="${DATABASE_URL:-}" file_db=""
  if [ -f "$LOCAL_STACK_ENV" ]; then
    while IFS='=' read -r k v; do
      [ "$k" = DATABASE_URL ] && file_db="$v"
      if [ -n "$k" ] && [ -z "${!k:-}" ]; then export "${k}=${v}"; fi
    done <"$LOCAL_STACK_ENV"
  fi
  # The data folder belongs to the local stack's database, not to a DATABASE_URL given here.
  if [ -n "$env_db" ] && [ "$env_db" != "$file_db" ]; then LOCAL_PGDATA=""; fi
  local missing=()
  for k in DATABASE_URL S3_BUCKET S3_ACCESS_KEY S3_SECRET_KEY; do [ -n "${!k:-}" ] || missing+=("$k"); done
  [ ${#missing[@]} -eq 0 ] ||
    die "local mode needs ${missing[*]}: start the local stack (make up without Docker, or make dev) so that ${LOCAL_STACK_ENV} exists, or set them in the environment"
  export DATABASE_URL S3_BUCKET S3_ACCESS_KEY S3_SECRET_KEY
  db_label="$(sed -E 's#//([^:/@]+):[^@/]*@#//\1:***@#' <<<"$DATABASE_URL")"
  bucket="$S3_BUCKET"
  endpoint="${S3_ENDPOINT:-AWS S3}"
  roo_version="$(sed -nE 's/^ *"version": "([^"]+)".*/\1/p' "${ROOT}/backend/package.json" | head -n 1)"
  use_node
}

# pg_tool NAME: "MAJOR PATH" of the newest NAME among PG_BIN_DIR, the embedded Postgres,
# PATH and /usr/lib/postgresql/*/bin ("0 " when there is none).
pg_tool() {
  local best="" best_major=0 c m
  for c in ${PG_BIN_DIR:+"${PG_BIN_DIR}/$1"} "${PG_BIN}/$1" "$(command -v "$1" || true)" /usr/lib/postgresql/*/bin/"$1"; do
    [ -x "$c" ] || continue
    m="$("$c" --version 2>/dev/null | grep -oE '[0-9]+' | head -n 1)"
    if [ -n "$m" ] && [ "$m" -gt "$best_major" ]; then best="$c" best_major="$m"; fi
  done
  printf '%s %s\n' "$best_major" "$best"
}

local_stack() { bash "${ROOT}/scripts/local-stack.sh" "$@"; }

pg_stop() {
  if [ -f "${LOCAL_PGDATA}/postmaster.pid" ]; then
    log "stopping the local stack's Postgres"
    as_pg "$(pg_bin)/pg_ctl" -D "$LOCAL_PGDATA" -m fast -w -t 60 stop >/dev/null
  fi
}

local_db_backup() {
  local major tool server=""
  read -r major tool < <(pg_tool pg_dump)
  if [ -n "${LOCAL_PGDATA:-}" ]; then
    [ -f "${LOCAL_PGDATA}/PG_VERSION" ] || die "the local stack's data folder ${LOCAL_PGDATA} is missing: start it with make up"
    server="$(cat "${LOCAL_PGDATA}/PG_VERSION")"
  fi
  if [ -n "$tool" ] && { [ -z "$server" ] || [ "$major" -ge "$server" ]; }; then
    "$tool" -Fc --no-owner -d "$DATABASE_URL" -f "$1/db.dump"
  elif [ -n "$server" ]; then
    warn "no pg_dump ${server} or newer here (newest: ${major}): copying the local stack's data folder, Postgres stopped meanwhile"
    # Postgres starts again however the copy ends (an interrupt included).
    if ! (
      trap 'local_stack services || exit 1' EXIT
      pg_stop && tar -C "$LOCAL_PGDATA" --exclude=./postmaster.pid --exclude=./postmaster.opts -czf "$1/db.pgdata.tar.gz" .
    ); then
      die "copying ${LOCAL_PGDATA} (or starting Postgres again) failed"
    fi
  else
    die "no pg_dump here: install the postgresql-client package of the server's major version, or set PG_BIN_DIR to its bin folder"
  fi
}

local_db_check() {
  if [ -f "$1/db.dump" ]; then
    local major tool
    read -r major tool < <(pg_tool pg_restore)
    [ -n "$tool" ] || die "no pg_restore here: install the postgresql-client package of the server's major version, or set PG_BIN_DIR"
    "$tool" -l "$1/db.dump" >/dev/null 2>&1 ||
      die "pg_restore ${major} cannot read $1/db.dump (made by a newer pg_dump?): install that version's postgresql-client or set PG_BIN_DIR"
  else
    [ -n "${LOCAL_PGDATA:-}" ] || die "$1 is a copy of the local stack's data folder: it restores only into the local stack (make up)"
    local want have
    want="$(tar -xzOf "$1/db.pgdata.tar.gz" ./PG_VERSION)"
    have="$("${PG_BIN}/postgres" --version | grep -oE '[0-9]+' | head -n 1)"
    [ "$want" = "$have" ] || die "$1 holds a PostgreSQL ${want} data folder; the local stack runs PostgreSQL ${have}"
  fi
}

local_db_restore() {
  if [ -f "$1/db.dump" ]; then
    local major tool
    read -r major tool < <(pg_tool pg_restore)
    "$tool" --clean --if-exists --no-owner --exit-on-error -d "$DATABASE_URL" "$1/db.dump"
    return
  fi
  local old="${LOCAL_PGDATA}.before-restore"
  pg_stop
  rm -rf "$old"
  mv "$LOCAL_PGDATA" "$old"
  mkdir -m 700 "$LOCAL_PGDATA"
  if tar -C "$LOCAL_PGDATA" -xzf "$1/db.pgdata.tar.gz" && { [ "$(id -u)" != 0 ] || chown -R postgres "$LOCAL_PGDATA"; } &&
    local_stack services; then
    rm -rf "$old"
  else
    rm -rf "$LOCAL_PGDATA"
    mv "$old" "$LOCAL_PGDATA"
    local_stack services || true
    die "restoring the data folder failed; the previous one is back in place"
  fi
}

local_bucket_backup() { node "${ROOT}/scripts/stack-s3-mirror.mjs" backup "$1"; }
local_bucket_restore() { node "${ROOT}/scripts/stack-s3-mirror.mjs" restore "$1"; }

local_writers_stop() {
  restart_writers=0
  if [ -z "${LOCAL_PGDATA:-}" ]; then
    warn "not the local stack: make sure no API or worker writes to ${db_label} during the restore"
  elif [[ "$(local_stack status)" == *': running'* ]]; then
    log "stopping the local stack's api, worker and nginx"
    local_stack stop-app
    restart_writers=1
  fi
}

local_writers_start() {
  if [ "$restart_writers" = 1 ]; then
    log "starting api, worker and nginx again (migrations run first)"
    local_stack start-app
  elif [ -n "${LOCAL_PGDATA:-}" ]; then
    log "the local stack's api and worker were not running; start them with scripts/local-stack.sh start-app"
  fi
}
