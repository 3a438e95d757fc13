#!/usr/bin/env bash
# needs: barman-cli-cloud postgresql-client-15
#
# Point-in-time recovery, tested for real without Docker: Postgres 17 (the npm
# embedded-postgres binaries, like scripts/test-services.sh) archives WAL with
# compose/postgres/roo-pitr.sh (Barman's cloud tools) to a real S3 API server
# (s3rver on a free loopback port). Checks: archiving, base backup + metrics,
# restore to a time (rows A present, B absent), restore to the latest state,
# restore check, refusal of a non-empty target, a missing / corrupt / wrong WAL
# segment fails loudly; measures RPO (idle and busy) and RTO; with S3 unreachable an
# archive attempt fails within seconds and Postgres stops in time. Cleans up on exit.
# Prints PASS/FAIL per check and ends with "N passed, N failed".
#   PITR_TEST_RTO_MB=1024 scripts/test-pitr.sh   # RTO for a bigger database (default 32)
set -euo pipefail
# shellcheck source=scripts/test-lib.sh
source "$(dirname "$0")/test-lib.sh"
use_node

PG_BIN="$(pg_bin)" # one the postgres user can run wherever the clone is (lib.sh)
ARCHIVE_TIMEOUT="${PITR_TEST_ARCHIVE_TIMEOUT:-60}"
RTO_MB="${PITR_TEST_RTO_MB:-32}"
BUCKET=roo-pitr-test

for tool in barman-cloud-wal-archive barman-cloud-backup psql; do
  command -v "$tool" >/dev/null || { fail "prerequisite ${tool} missing (apt-get install barman-cli-cloud postgresql-client-15)"; finish; exit 1; }
done
[ -x "${PG_BIN}/postgres" ] || { fail "Postgres 17 binaries missing (npm ci in backend/)"; finish; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/roo-test-pitr.XXXXXX")
chmod 755 "$WORK"
# Postgres runs the archive_command as the postgres user, who may not reach into the clone.
PITR="${WORK}/roo-pitr.sh"
install -m 755 "${ROOT}/compose/postgres/roo-pitr.sh" "$PITR"
PIDS=()
PGDIRS=()
cleanup() {
  local pid d
  touch "${WORK}/stop-load" 2>/dev/null || true
  for d in "${PGDIRS[@]}"; do
    [ -f "${d}/postmaster.pid" ] && as_pg "${PG_BIN}/pg_ctl" -D "$d" -m immediate -w stop >/dev/null 2>&1
  done
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
now() { date +%s.%N; }

# --- S3 API server -------------------------------------------------------------------
S3_PORT=$(free_port)
S3_DIR="${WORK}/s3"
mkdir -p "$S3_DIR"
node "${ROOT}/backend/node_modules/s3rver/bin/s3rver.js" --silent --address 127.0.0.1 --port "$S3_PORT" \
  --directory "$S3_DIR" --configure-bucket "$BUCKET" >"${WORK}/s3.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do port_open "$S3_PORT" && break; sleep 0.1; done

export PATH="${PG_BIN}:${PATH}"
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER
export PITR_S3_URL="s3://${BUCKET}/postgres" PITR_SERVER_NAME=test PITR_S3_ENDPOINT="http://127.0.0.1:${S3_PORT}"
export PITR_METRICS_DIR="${WORK}/textfile" PITR_PGUSER=postgres PITR_RETENTION_DAYS=7 PITR_KEEP_WEEKLY=4
export PITR_RECOVERY_TIMEOUT=300
WAL_DIR="${S3_DIR}/${BUCKET}/postgres/test/wals"

# --- primary Postgres 17 with continuous archiving -----------------------------------
PG_PORT=$(free_port)
PRIMARY="${WORK}/primary"
mkdir -p "$PRIMARY" "${WORK}/run"
[ "$(id -u)" = 0 ] && chown postgres "$PRIMARY" "${WORK}/run"
as_pg initdb -D "$PRIMARY" -U postgres --auth=trust -E UTF8 --no-locale --data-checksums >"${WORK}/initdb.log" 2>&1
touch "${WORK}/primary.log"
[ "$(id -u)" = 0 ] && chown postgres "${WORK}/primary.log"
PGDIRS+=("$PRIMARY")
as_pg pg_ctl -D "$PRIMARY" -l "${WORK}/primary.log" -w -t 30 \
  -o "-p ${PG_PORT} -k ${WORK}/run -c listen_addresses=127.0.0.1 -c archive_mode=on -c archive_timeout=${ARCHIVE_TIMEOUT}" \
  -o "-c archive_command='${PITR} archive-wal %p'" start >/dev/null
export PGHOST=127.0.0.1 PGPORT="$PG_PORT" PGUSER=postgres PGDATABASE=postgres
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }

# wait_archived WALNAME [TIMEOUT]: until pg_stat_archiver has archived WALNAME (or later).
wait_archived() {
  local want=$1 limit=${2:-120} t0 last
  t0=$(date +%s)
  while [ $(($(date +%s) - t0)) -lt "$limit" ]; do
    last=$(sql -c "select coalesce(last_archived_wal,'') from pg_stat_archiver")
    [[ "$last" > "$want" || "$last" == "$want" ]] && return 0
    sleep 0.2
  done
  return 1
}
current_wal() { sql -c "select pg_walfile_name(pg_current_wal_lsn())"; }

sql -c "create table items(id serial primary key, batch text not null, at timestamptz default clock_timestamp())"
seg=$(current_wal)
sql -c "select pg_switch_wal()" >/dev/null
check "WAL is archived to S3 by archive_command (segment ${seg})" wait_archived "$seg" 60
check "no failed archive attempts" test "$(sql -c 'select failed_count from pg_stat_archiver')" = 0

# --- base backup -------------------------------------------------------------------------
check "base backup (barman-cloud-backup) succeeds" "$PITR" backup
check "base backup writes roo_pitr_base_backup_last_success_timestamp_seconds" \
  grep -q '^roo_pitr_base_backup_last_success_timestamp_seconds [0-9]' "${PITR_METRICS_DIR}/roo_pitr_backup.prom"
check "a weekly backup is marked keep (retention 7 daily + 4 weekly)" \
  bash -c "barman-cloud-backup-keep --cloud-provider aws-s3 --endpoint-url '$PITR_S3_ENDPOINT' -s '$PITR_S3_URL' test \"\$('$PITR' list | awk '/DONE/ {print \$1; exit}')\" | grep -q standalone"

# --- rows A, time T, rows B ----------------------------------------------------------------
sql -c "insert into items(batch) select 'A' from generate_series(1,100)"
sleep 1.2
T=$(sql -c "select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")
sleep 1.2
sql -c "insert into items(batch) select 'B' from generate_series(1,50)"
b_seg=$(current_wal)
sql -c "select pg_switch_wal()" >/dev/null
sql -c "insert into items(batch) select 'C' from generate_series(1,10)"
seg=$(current_wal)
sql -c "select pg_switch_wal()" >/dev/null
check "WAL with rows A, B and C archived" wait_archived "$seg" 60

list_out=$("$PITR" list 2>&1 || true)
check "make backup-list shows the base backup and the recoverable window" \
  has "$list_out" DONE '^Recoverable window: 20'

# start_restored DIR: start a restored data directory on a free port; prints the port.
start_restored() {
  local dir=$1 port
  port=$(free_port)
  touch "${dir}.log"
  [ "$(id -u)" = 0 ] && chown postgres "${dir}.log"
  PGDIRS+=("$dir")
  as_pg pg_ctl -D "$dir" -l "${dir}.log" -w -t 60 -o "-p ${port} -k ${WORK}/run -c listen_addresses=127.0.0.1" start >/dev/null
  echo "$port"
}
count() { sql -p "$1" -c "select count(*) from items where batch = '$2'"; }

# --- restore to time T ---------------------------------------------------------------------
if "$PITR" restore --dest "${WORK}/r-time" --time "$T" 2>"${WORK}/r-time.err"; then
  pass "restore to ${T} succeeds"
  grep -h "restore done\|prefetched" "${WORK}/r-time.err" | sed "s/^/  /"
  p=$(start_restored "${WORK}/r-time")
  check "restored to T: rows A present (100)" test "$(count "$p" A)" = 100
  check "restored to T: rows B absent (0)" test "$(count "$p" B)" = 0
  as_pg pg_ctl -D "${WORK}/r-time" -m fast -w stop >/dev/null
else
  fail "restore to ${T} succeeds: $(tail -n 3 "${WORK}/r-time.err")"
fi

# --- restore the latest state (timed: RTO of the small database) -------------------------
t0=$(now)
if "$PITR" restore --dest "${WORK}/r-latest" --latest 2>"${WORK}/r-latest.err"; then
  pass "restore of the latest state succeeds"
  grep -h "restore done\|prefetched" "${WORK}/r-latest.err" | sed "s/^/  /"
  p=$(start_restored "${WORK}/r-latest")
  check "latest state: rows A (100), B (50) and C (10) present" test "$(count "$p" A)/$(count "$p" B)/$(count "$p" C)" = 100/50/10
  as_pg pg_ctl -D "${WORK}/r-latest" -m fast -w stop >/dev/null
else
  fail "restore of the latest state succeeds: $(tail -n 3 "${WORK}/r-latest.err")"
fi
rto_small=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.1f", b-a}')

mkdir -p "${WORK}/not-empty" && touch "${WORK}/not-empty/PG_VERSION"
out=$("$PITR" restore --dest "${WORK}/not-empty" --latest 2>&1 || echo "EXIT=$?")
check "restore refuses a non-empty target directory" has "$out" EXIT= "not empty"

out=$("$PITR" check 2>&1 || true)
check "restore check (latest backup into a scratch instance + sanity queries) passes" has "$out" "restore check passed"
check "restore check writes roo_pitr_restore_check_last_success_timestamp_seconds" \
  grep -q '^roo_pitr_restore_check_last_success_timestamp_seconds [0-9]' "${PITR_METRICS_DIR}/roo_pitr_restore_check.prom"

# --- broken archives must fail loudly --------------------------------------------------------
# The segment holding rows B: after the base backup, before the end of the archive.
obj=$(find "$WAL_DIR" -name "${b_seg}.gz._S3rver_object")
mkdir -p "${WORK}/stash"
cp -p "$obj" "${WORK}/stash/obj"

# missing segment
for f in "$obj" "${obj%._S3rver_object}._S3rver_metadata.json" "${obj}.md5"; do mv "$f" "${WORK}/stash/$(basename "$f")"; done
out=$("$PITR" restore --dest "${WORK}/r-missing" --latest 2>&1 || echo "EXIT=$?")
check "missing WAL segment ${b_seg}: latest restore fails and names the hole" \
  has "$out" EXIT= "missing from the archive" "$b_seg"
rm -rf "${WORK}/r-missing"
out=$("$PITR" restore --dest "${WORK}/r-missing2" --time "$(date -u '+%Y-%m-%d %H:%M:%S+00' -d '-1 second')" 2>&1 || echo "EXIT=$?")
check "missing WAL segment: restore to a time past the hole fails loudly (FATAL, not an early stop)" \
  has "$out" EXIT= "recovery FAILED" "MISSING from the archive"
rm -rf "${WORK}/r-missing2"
for f in "${WORK}/stash/"*; do
  [ "$(basename "$f")" = obj ] && continue
  mv "$f" "$(dirname "$obj")/$(basename "$f")"
done

# corrupt segment: garbage bytes (not even gzip)
head -c 200000 /dev/urandom >"$obj"
out=$("$PITR" restore --dest "${WORK}/r-corrupt" --latest 2>&1 || echo "EXIT=$?")
check "corrupt WAL segment (garbage): restore fails loudly naming the segment" \
  has "$out" EXIT= "recovery FAILED" "$b_seg is in the archive but could not be restored"
rm -rf "${WORK}/r-corrupt"

# wrong content in a valid gzip (Postgres sees invalid records and would stop early)
head -c 16777216 /dev/zero | gzip -c >"$obj"
out=$("$PITR" restore --dest "${WORK}/r-zero" --latest 2>&1 || echo "EXIT=$?")
check "damaged WAL segment (valid gzip, zeroed): restore fails instead of stopping early" \
  has "$out" EXIT= "stopped EARLY"
rm -rf "${WORK}/r-zero"
cp -p "${WORK}/stash/obj" "$obj"

# --- RPO: idle ---------------------------------------------------------------------------------
# Worst case at idle: a commit right after a segment switch waits for archive_timeout.
sql -c "insert into items(batch) values ('before-idle')"
seg=$(current_wal)
sql -c "select pg_switch_wal()" >/dev/null
wait_archived "$seg" 60 || true
c=$(now)
sql -c "insert into items(batch) values ('idle')"
seg=$(current_wal)
if wait_archived "$seg" $((ARCHIVE_TIMEOUT + 60)); then
  rpo_idle=$(awk -v a="$c" -v b="$(now)" 'BEGIN {printf "%.1f", b-a}')
  check "RPO idle ${rpo_idle} s <= 15 min (archive_timeout ${ARCHIVE_TIMEOUT} s)" awk -v r="$rpo_idle" 'BEGIN {exit !(r <= 900)}'
else
  rpo_idle=never
  fail "RPO idle: the idle commit was not archived within $((ARCHIVE_TIMEOUT + 60)) s"
fi

# --- RPO: busy ---------------------------------------------------------------------------------
# A writer produces WAL at a steady PITR_TEST_BUSY_ROWS rows / 0.25 s (~4 MiB/s of WAL
# by default, far above what the app writes); a probe commits once a second and notes
# its segment; a poller notes when each segment is archived. RPO = worst probe lag.
# (Sustained WAL above the archiver's throughput — about one 16 MiB segment per
# 1-2 s here — makes the lag grow without bound: RooWalArchivingStale / backlog.)
sql -c "create table load(id bigserial, pad text)"
(
  while [ ! -e "${WORK}/stop-load" ]; do
    sql -c "insert into load(pad) select repeat(md5(g::text), 16) from generate_series(1,${PITR_TEST_BUSY_ROWS:-4000}) g" || break
    sleep 0.25
  done
) &
PIDS+=($!)
(
  while [ ! -e "${WORK}/stop-load" ]; do
    printf '%s %s\n' "$(now)" "$(sql -c "select coalesce(last_archived_wal,'') from pg_stat_archiver")" || break
    sleep 0.2
  done >"${WORK}/archived.log"
) &
PIDS+=($!)
busy_lsn=$(sql -c "select pg_current_wal_lsn()")
t_end=$(($(date +%s) + 15))
: >"${WORK}/probes.log"
while [ "$(date +%s)" -lt "$t_end" ]; do
  printf '%s %s\n' "$(now)" "$(sql -c "insert into items(batch) values ('probe') returning pg_walfile_name(pg_current_wal_lsn())")" >>"${WORK}/probes.log"
  sleep 1
done
last_probe=$(tail -n 1 "${WORK}/probes.log" | cut -d' ' -f2)
wait_archived "$last_probe" 120 || true
sleep 0.5
touch "${WORK}/stop-load"
wal_mb=$(sql -c "select round(pg_wal_lsn_diff(pg_current_wal_lsn(), '${busy_lsn}') / 1048576)")
rpo_busy=$(awk 'NR==FNR {t[NR]=$1; w[NR]=$2; n=NR; next}
  { for (i = 1; i <= n; i++) if ((w[i] "") >= ($2 "")) { lag = t[i] - $1; if (lag > max) max = lag; break } if (i > n) miss = 1 }
  END { if (miss) print "unmeasured"; else printf "%.1f", max }' "${WORK}/archived.log" "${WORK}/probes.log")
segs=$(sql -c "select archived_count from pg_stat_archiver")
check "RPO busy ${rpo_busy} s <= 15 min (${wal_mb} MiB of WAL in about 15 s; ${segs} segments archived in all)" \
  awk -v r="$rpo_busy" 'BEGIN {exit !(r != "unmeasured" && r <= 900)}'
check "no failed archive attempts under load" test "$(sql -c 'select failed_count from pg_stat_archiver')" = 0

# --- RTO: a database of RTO_MB MiB ---------------------------------------------------------------
sql -c "drop table load" -c "create table bulk(id bigint, pad text)"
rows=$((RTO_MB * 1024 * 1024 / 190))
sql -c "insert into bulk select g, repeat(md5(g::text), 4) from generate_series(1, ${rows}) g"
db_mb=$(sql -c "select pg_database_size('postgres') / 1048576")
t0=$(now)
"$PITR" backup 2>"${WORK}/backup2.err" || true
backup_s=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.1f", b-a}')
sql -c "insert into items(batch) values ('after-big-backup')"
seg=$(current_wal)
sql -c "select pg_switch_wal()" >/dev/null
wait_archived "$seg" 60 || true
t0=$(now)
if "$PITR" restore --dest "${WORK}/r-big" --latest 2>"${WORK}/r-big.err"; then
  rto=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.1f", b-a}')
  p=$(start_restored "${WORK}/r-big")
  check "RTO ${rto} s for a ${db_mb} MiB database (base backup took ${backup_s} s); all rows back" \
    test "$(sql -p "$p" -c "select count(*) from bulk")/$(count "$p" after-big-backup)" = "${rows}/1"
else
  rto=failed
  fail "restore of the ${db_mb} MiB database: $(tail -n 3 "${WORK}/r-big.err")"
fi

# --- S3 unreachable: archive attempts fail fast, Postgres still stops in time ------------------
# hang_listener PORT: 127.0.0.1:PORT with a full accept queue that is never accepted from:
# connects to it hang (SYNs dropped), as to a host that is gone.
hang_listener() {
  python3 - "$1" >>"${WORK}/hang.log" 2>&1 <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(0)
fill = []
for _ in range(4):
    c = socket.socket()
    c.setblocking(False)
    c.connect_ex(("127.0.0.1", port))
    fill.append(c)
time.sleep(3600)
PY
  PIDS+=($!)
  sleep 0.5
}
# failed_within OUT SECONDS MAX PATTERN...: OUT ends with EXIT=1 and matches every PATTERN,
# and SECONDS <= MAX.
failed_within() {
  local out=$1 took=$2 max=$3
  shift 3
  has "$out" '^EXIT=1$' "$@" && awk -v t="$took" -v m="$max" 'BEGIN {exit !(t <= m)}'
}
# archive_to ENDPOINT [VAR=VALUE...]: one archive-wal attempt of a segment to ENDPOINT;
# sets $out (its output + EXIT=<status>) and $took (seconds).
archive_to() {
  local endpoint=$1 t0
  shift
  t0=$(now)
  out=$(env PITR_S3_ENDPOINT="$endpoint" "$@" "$PITR" archive-wal "$wal_file" 2>&1 && echo EXIT=0 || echo "EXIT=$?")
  took=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.1f", b-a}')
}
wal_file=$(find "${PRIMARY}/pg_wal" -maxdepth 1 -name '0000000*' | sort | tail -n 1)
hang_port=$(free_port)
hang_listener "$hang_port"
archive_to "http://127.0.0.1:${hang_port}"
check "archive-wal to an S3 that cannot be reached fails in ${took} s (<= 8; PITR_S3_CONNECT_TIMEOUT 5 s)" \
  failed_within "$out" "$took" 8 'not reachable within 5 s'
# A server that accepts and never answers: the connection opens, the upload hangs.
mute_port=$(free_port)
node -e 'const k=[];require("net").createServer((c)=>k.push(c)).listen(Number(process.argv[1]),"127.0.0.1")' "$mute_port" &
PIDS+=($!)
for _ in $(seq 1 50); do port_open "$mute_port" && break; sleep 0.1; done
archive_to "http://127.0.0.1:${mute_port}" PITR_ARCHIVE_TIMEOUT=3
check "archive-wal to an S3 that never answers stops at PITR_ARCHIVE_TIMEOUT (3 s here): ${took} s" \
  failed_within "$out" "$took" 10 'not done within PITR_ARCHIVE_TIMEOUT=3 s'

# The primary's S3 goes away (s3rver stopped; its port now one whose connects hang) with a
# segment waiting: a fast shutdown (what docker stop asks for) runs the archiver's last
# rounds of 3 attempts each and must still end well inside the 1 min stop grace period.
kill "${PIDS[0]}" 2>/dev/null || true
wait "${PIDS[0]}" 2>/dev/null || true
hang_listener "$S3_PORT"
failed_before=$(sql -c 'select failed_count from pg_stat_archiver')
sql -c "insert into items(batch) values ('s3-gone')"
sql -c "select pg_switch_wal()" >/dev/null
for _ in $(seq 1 100); do
  [ "$(sql -c 'select failed_count from pg_stat_archiver')" -gt "$failed_before" ] && break
  sleep 0.2
done
failed_after=$(sql -c 'select failed_count from pg_stat_archiver')
t0=$(now)
as_pg pg_ctl -D "$PRIMARY" -m fast -w -t 180 stop >/dev/null 2>&1 || true
took=$(awk -v a="$t0" -v b="$(now)" 'BEGIN {printf "%.1f", b-a}')
stopped=no
[ -f "${PRIMARY}/postmaster.pid" ] || stopped=yes
check "S3 unreachable: archiving fails (failed_count ${failed_before} → ${failed_after}), a fast shutdown takes ${took} s (<= 45)" \
  awk -v t="$took" -v s="$stopped" -v a="$failed_before" -v b="$failed_after" 'BEGIN {exit !(s == "yes" && b > a && t <= 45)}'

echo "measured: RPO idle ${rpo_idle} s (archive_timeout ${ARCHIVE_TIMEOUT} s), RPO busy ${rpo_busy} s, RTO ${rto} s for ${db_mb} MiB (small database: ${rto_small} s)"
finish
