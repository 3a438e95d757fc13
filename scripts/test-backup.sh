#!/usr/bin/env bash
# needs: postgresql-client-15 nginx redis-server openssl
#
# make backup / make restore for real, without Docker, against the local stack
# (scripts/local-stack.sh start-app: Postgres 17, Redis, s3rver, migrate, api, worker,
# nginx) on its own ports and folder. Data goes in through the real API (users, API token,
# invite, workspace, member, binary / nested / non-ASCII / empty / 6 MiB files, provider,
# custom mode, a task the worker runs against the fake LLM, a share link). Then the real
# scripts/ops-backup.sh (layout, manifest, metric, pruning), a change, restores that must
# be refused and change nothing (tampered backup, no --yes without a terminal, a wrong
# typed word), a restore over the changed state while the API runs, a wipe (database
# dropped and created again, every object and the bucket deleted) and a restore again.
# Each restore must bring back every table's row count and content hash and every
# object's sha256 as they were at backup time. Prints PASS/FAIL per check and ends with
# "N passed, N failed". Cleans up its processes and folder on exit.
set -euo pipefail
# shellcheck source=scripts/test-lib.sh
source "$(dirname "$0")/test-lib.sh"
use_node

WORK=$(mktemp -d "${TMPDIR:-/tmp}/roo-test-backup.XXXXXX")
chmod 755 "$WORK"
# Ports below the kernel's ephemeral range (32768+), so no client socket of an earlier suite
# can hold one (nginx failed to bind 38xxx once in a full run).
export LOCAL_RUN_DIR="${WORK}/run" LOCAL_HTTP_PORT=21080 LOCAL_HTTPS_PORT=21443 LOCAL_STATUS_PORT=21081 \
  LOCAL_API_PORT=21000 LOCAL_API_METRICS_PORT=21464 LOCAL_WORKER_METRICS_PORT=21465 \
  LOCAL_PG_PORT=21432 LOCAL_REDIS_PORT=21379 LOCAL_S3_PORT=21569 LOCAL_S3_BUCKET=roo-backup-test \
  AUTH_RATE_LIMIT_PER_MINUTE=200 LOG_LEVEL=warn BACKUP_MODE=local BACKUP_DIR="${WORK}/backups" BACKUP_KEEP_DAYS=14 \
  PROVIDER_EGRESS_ALLOW=127.0.0.1/32 # the fake LLM on loopback
# Settings come from the local stack's stack.env, as for an operator, never from this shell.
unset DATABASE_URL S3_ENDPOINT S3_BUCKET S3_ACCESS_KEY S3_SECRET_KEY
FAKE_PORT=21010
API="http://127.0.0.1:${LOCAL_API_PORT}"

PORTS=("$LOCAL_PG_PORT" "$LOCAL_REDIS_PORT" "$LOCAL_S3_PORT" "$LOCAL_API_PORT" "$LOCAL_HTTPS_PORT" "$FAKE_PORT")
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# ports_closed: true once none of PORTS answers (waits up to 15 s: services take a moment to exit).
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
  [ -n "${fake_pid:-}" ] && kill "$fake_pid" 2>/dev/null
  bash "${ROOT}/scripts/local-stack.sh" stop >/dev/null 2>&1 || true
  ports_closed || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for tool in psql nginx redis-server; do
  command -v "$tool" >/dev/null || { fail "prerequisite ${tool} missing (make deps)"; finish; exit 1; }
done
ports_closed || { fail "ports ${PORTS[*]} are free (another run still going?)"; finish; exit 1; }

# --- the local stack with data in it ------------------------------------------------------
if [ ! -f "${ROOT}/backend/dist/main.js" ] || [ -n "$(find "${ROOT}/backend/src" -newer "${ROOT}/backend/dist/main.js" -print -quit)" ]; then
  (cd "${ROOT}/backend" && npm run --silent build)
fi
node "${ROOT}/backend/test/fake-llm/cli.mjs" --port "$FAKE_PORT" --read README.md --write notes/hello.md >"${WORK}/fake-llm.log" 2>&1 &
fake_pid=$!
if ! bash "${ROOT}/scripts/local-stack.sh" start-app >"${WORK}/stack.log" 2>&1; then
  fail "local stack starts: $(tail -n 5 "${WORK}/stack.log")"
  finish
  exit 1
fi
pass "local stack up (start-app: Postgres 17, Redis, s3rver, migrate, api, worker, nginx)"

setting() { sed -n "s/^$1=//p" "${LOCAL_RUN_DIR}/stack.env"; }
DB_URL="$(setting DATABASE_URL)"
data() {
  S3_ENDPOINT="$(setting S3_ENDPOINT)" S3_BUCKET="$(setting S3_BUCKET)" S3_ACCESS_KEY="$(setting S3_ACCESS_KEY)" \
    S3_SECRET_KEY="$(setting S3_SECRET_KEY)" node "${ROOT}/backend/test/backup-data.mjs" "$@"
}
sql() { psql -X -q -At -v ON_ERROR_STOP=1 -d "${2:-$DB_URL}" -c "$1"; }

# state NAME: NAME.db ("table|rows|md5 of the rows" for every table) and NAME.bucket
# ("sha256 size key" for every object, or "(no bucket)").
state() {
  local t
  for t in $(sql "select tablename from pg_tables where schemaname = 'public' order by 1"); do
    sql "select '${t}', count(*), md5(coalesce(string_agg(x::text, E'\\n' order by x::text), '')) from public.\"${t}\" x"
  done >"${WORK}/$1.db"
  data bucket >"${WORK}/$1.bucket"
}
# same A B: state A equals state B (database and bucket), else shows the difference.
same() {
  local part ok=0
  for part in db bucket; do
    diff -u "${WORK}/$1.${part}" "${WORK}/$2.${part}" >"${WORK}/diff" && continue
    head -n 20 "${WORK}/diff" | sed 's/^/    /'
    ok=1
  done
  return "$ok"
}
differs() { ! same "$@" >/dev/null; }
running() { bash "${ROOT}/scripts/local-stack.sh" status | grep -c ': running' || true; }
api_ready() { curl -fsS -o /dev/null "${API}/health/ready"; }
api_pid() { cat "${LOCAL_RUN_DIR}/api.pid"; }
untouched() { same changed refused && kill -0 "$api_pid" && [ "$(api_pid)" = "$api_pid" ]; }
restarted() { [ "$(api_pid)" != "$api_pid" ] && [ "$(running)" = 3 ] && api_ready; }
backups() { find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 | sort; }
failed_cleanly() { [ "$rc" != 0 ] && [ "$(backups)" = "$before" ] && api_ready; }

check "data put in through the API (users, files, provider, mode, a task run by the worker, share, invitations, budget, TOTP, push)" \
  data seed "$API" "http://127.0.0.1:${FAKE_PORT}"
# One row each for tables the API fills only with an external server (OIDC provider, a
# browser's authenticator, an MCP server, SMTP): no external server in this suite; the row
# proves the table is in the backup. None holds a sealed secret (mcp_servers without headers).
cose_key="$(node -e 'const k = require("node:crypto").generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
  const hex = (v) => Buffer.from(v, "base64url").toString("hex");
  process.stdout.write("a5010203262001215820" + hex(k.x) + "225820" + hex(k.y));')" # COSE EC2 P-256 public key
check "rows for the tables needing an external server (user_identities, webauthn_credentials, mcp_servers, email_tokens; SQL)" \
  sql "insert into user_identities (user_id, provider, subject, email)
         select id, 'oidc', 'backup-test-subject-1', email from users where email = 'bob@example.test';
       insert into webauthn_credentials (user_id, credential_id, public_key, counter, transports, name)
         select id, 'YmFja3VwLXRlc3QtY3JlZGVudGlhbA', decode('${cose_key}', 'hex'), 3, '{internal,hybrid}', 'Laptop'
         from users where email = 'bob@example.test';
       insert into mcp_servers (workspace_id, name, url, allowed_tools, created_by)
         select workspace_id, 'docs', 'https://mcp.example.com/mcp', '[\"search\"]', user_id
         from memberships where role = 'owner' limit 1;
       insert into email_tokens (user_id, purpose, token_hash, email, expires_at, used_at)
         select id, 'reset_password', encode(sha256(gen_random_uuid()::text::bytea), 'hex'), email,
           now() + interval '1 hour', now() from users where email = 'alice@example.test';"
state seeded
# Tables that may stay empty, each with why. Any other empty table fails the check, so a new
# table cannot slip out of the backup comparison unnoticed.
#   git_links: its secret_enc is sealed with the stack's ENCRYPTION_KEY by the API, which
#     checks the remote first (needs a git server); a row by hand would not be one the app made.
#   task_git: exists only for a task in a workspace with a git_links row.
may_be_empty="git_links task_git"
empty_tables="$(awk -F'|' '$2 == 0 { print $1 }' "${WORK}/seeded.db" |
  { grep -vxF -f <(tr ' ' '\n' <<<"$may_be_empty") || true; } | xargs)"
check "every table has rows ($(wc -l <"${WORK}/seeded.db") tables; empty: ${empty_tables:-none}; may be empty: ${may_be_empty})" \
  test -z "$empty_tables" -a "$(wc -l <"${WORK}/seeded.db")" -ge 25
# The 6 uploads, the file the task wrote, and one git bundle per checkpoints row (under checkpoints/).
bundles="$(sql 'select bundle_key from checkpoints' | sort)"
bundles_in_bucket="$(awk '$3 ~ /^checkpoints\// { print $3 }' "${WORK}/seeded.bucket" | sort)"
check "the bucket holds the 6 uploads, the file the task wrote and the task's $(grep -c . <<<"$bundles") checkpoint bundles ($(wc -l <"${WORK}/seeded.bucket") objects)" \
  test -n "$bundles" -a "$bundles" = "$bundles_in_bucket" -a "$(wc -l <"${WORK}/seeded.bucket")" = "$((7 + $(grep -c . <<<"$bundles")))"

# --- make backup ----------------------------------------------------------------------------
mkdir -p "${BACKUP_DIR}/20000101T000000Z"
touch -d '30 days ago' "${BACKUP_DIR}/20000101T000000Z"
out="$(bash "${ROOT}/scripts/ops-backup.sh" 2>&1)" && rc=0 || rc=$?
check "make backup (scripts/ops-backup.sh, local mode) succeeds" has "${out}"$'\n'"EXIT=${rc}" "EXIT=0" "backup complete"
state after-backup
check "nothing changed while the backup ran" same seeded after-backup
backup="$(find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name '20*Z' ! -name 20000101T000000Z | sort | tail -n 1)"
db_file="$(sed -n 's/^db_file=//p' "${backup}/backup.env" 2>/dev/null || true)"
check "layout: <UTC stamp>/ with ${db_file:-a database file}, objects/, backup.env, SHA256SUMS; no .partial left" \
  test -n "$db_file" -a -s "${backup}/${db_file}" -a -d "${backup}/objects" -a -f "${backup}/SHA256SUMS" \
  -a -z "$(find "$BACKUP_DIR" -maxdepth 1 -name '*.partial')"
check "SHA256SUMS lists every file and verifies" \
  test "$(cd "$backup" && sha256sum --quiet -c SHA256SUMS && wc -l <SHA256SUMS)" = "$(find "$backup" -type f ! -name SHA256SUMS | wc -l)"
(cd "${backup}/objects" && find . -type f -printf '%P\n' | while IFS= read -r f; do
  printf '%s %s %s\n' "$(sha256sum <"$f" | cut -d' ' -f1)" "$(stat -c %s "$f")" "$f"
done | sort) >"${WORK}/backup-folder.bucket"
check "objects/ holds every object byte for byte" diff -u "${WORK}/seeded.bucket" "${WORK}/backup-folder.bucket"
check "roo_backup_last_success_timestamp_seconds written for node-exporter" \
  grep -q '^roo_backup_last_success_timestamp_seconds [0-9]' "${BACKUP_DIR}/textfile/roo_backup.prom"
check "a backup older than BACKUP_KEEP_DAYS is pruned" test ! -e "${BACKUP_DIR}/20000101T000000Z"
check "the API answers after the backup" api_ready

data change "$API" >/dev/null
state changed
check "a change after the backup (one more file, one more user)" differs seeded changed

# --- restores that must be refused and change nothing ----------------------------------------
tampered="${WORK}/tampered"
cp -R "$backup" "$tampered"
node -e 'const fs = require("fs"); const b = fs.readFileSync(process.argv[1]); b[b.length >> 1] ^= 1; fs.writeFileSync(process.argv[1], b)' \
  "${tampered}/${db_file}"
api_pid="$(api_pid)"
out="$(bash "${ROOT}/scripts/ops-restore.sh" "$tampered" --yes 2>&1)" && rc=0 || rc=$?
check "a backup with one flipped byte in ${db_file} is refused with a checksum error" \
  has "${out}"$'\n'"EXIT=${rc}" "EXIT=[1-9]" "${db_file}: FAILED" "checksum mismatch"
out="$(bash "${ROOT}/scripts/ops-restore.sh" "$backup" </dev/null 2>&1)" && rc=0 || rc=$?
check "without --yes and without a terminal: refused" has "${out}"$'\n'"EXIT=${rc}" "EXIT=[1-9]" "refusing without a terminal"
out="$(printf 'yes\n' | script -qec "bash $(printf %q "${ROOT}/scripts/ops-restore.sh") $(printf %q "$backup")" /dev/null 2>&1)" &&
  rc=0 || rc=$?
check "without --yes, a terminal typing 'yes' instead of 'restore': refused" \
  has "${out}"$'\n'"EXIT=${rc}" 'Type "restore" to continue' "not confirmed; nothing changed" "EXIT=[1-9]"
state refused
check "the refused restores changed nothing (rows, objects; api still running)" \
  untouched

# --- restore over the changed state, API and worker running ---------------------------------
out="$(bash "${ROOT}/scripts/ops-restore.sh" "$backup" --yes 2>&1)" && rc=0 || rc=$?
check "make restore --yes with the API and worker running succeeds" has "${out}"$'\n'"EXIT=${rc}" "EXIT=0" "restore complete"
state restored
check "rows and objects equal those at backup time (the later file and user are gone)" same seeded restored
check "api and worker were stopped for the restore and run again" \
  restarted

# --- wipe everything, restore again -----------------------------------------------------------
bash "${ROOT}/scripts/local-stack.sh" stop-app
sql 'drop database postgres with (force)' "${DB_URL%/*}/template1"
sql 'create database postgres' "${DB_URL%/*}/template1"
data wipe-bucket >/dev/null
state wiped
check "the wipe left no table and no bucket" test ! -s "${WORK}/wiped.db" -a "$(cat "${WORK}/wiped.bucket")" = "(no bucket)"
out="$(bash "${ROOT}/scripts/ops-restore.sh" "$backup" --yes 2>&1)" && rc=0 || rc=$?
check "make restore --yes after the wipe succeeds" has "${out}"$'\n'"EXIT=${rc}" "EXIT=0" "restore complete"
state rewiped
check "every table's row count and rows equal those at backup time ($(wc -l <"${WORK}/seeded.db") tables)" \
  diff -u "${WORK}/seeded.db" "${WORK}/rewiped.db"
check "every object's sha256 equals that at backup time ($(wc -l <"${WORK}/seeded.bucket") objects)" \
  diff -u "${WORK}/seeded.bucket" "${WORK}/rewiped.bucket"
bash "${ROOT}/scripts/local-stack.sh" start-app >>"${WORK}/stack.log" 2>&1 || true
check "the API serves the restored data (login, every file's bytes match its recorded sha256)" data check-api "$API"

# --- failures that must say what is wrong --------------------------------------------------------
before="$(backups)"
out="$(S3_ENDPOINT=http://127.0.0.1:9 bash "${ROOT}/scripts/ops-backup.sh" 2>&1)" && rc=0 || rc=$?
check "a backup whose bucket copy fails exits non-zero and leaves no folder behind" \
  failed_cleanly
out="$(LOCAL_RUN_DIR="${WORK}/nowhere" bash "${ROOT}/scripts/ops-backup.sh" 2>&1)" && rc=0 || rc=$?
check "local mode without settings names what is missing" \
  has "${out}"$'\n'"EXIT=${rc}" "EXIT=[1-9]" "needs DATABASE_URL S3_BUCKET" "nowhere/stack.env"
# Auto mode would pick a running Compose stack: only where there can be none.
if ! docker compose version >/dev/null 2>&1; then
  out="$(BACKUP_MODE=auto LOCAL_RUN_DIR="${WORK}/nowhere" bash "${ROOT}/scripts/ops-backup.sh" 2>&1)" && rc=0 || rc=$?
  check "auto mode with neither stack says why for each" \
    has "${out}"$'\n'"EXIT=${rc}" "EXIT=[1-9]" "no Docker Compose stack \((docker is not installed|Docker Compose v2 is missing)\)" "no local stack" \
    "BACKUP_MODE=compose or BACKUP_MODE=local"
fi

finish
