#!/usr/bin/env bash
# roo-pitr — point-in-time recovery for Roo Server's PostgreSQL with Barman's cloud
# tools (barman-cli-cloud): continuous WAL archiving to S3 (MinIO or any S3), base
# backups with retention, restore to a timestamp, restore checks. Installed in the
# Postgres image as /usr/local/bin/roo-pitr (compose/postgres/Dockerfile); the test
# suite (scripts/test-pitr.sh) runs this same file against real Postgres 17 + S3.
#
#   roo-pitr archive-wal <path>            archive_command   (archive-wal %p)
#   roo-pitr restore-wal <name> <dest>     restore_command   (restore-wal %f %p)
#   roo-pitr backup                        base backup + retention + metrics
#   roo-pitr list                          base backups, archived WAL, recoverable window
#   roo-pitr restore --dest DIR (--time "2026-11-25 14:03:00+00" | --latest) [--backup-id ID]
#                                          fetch a base backup into an EMPTY directory,
#                                          replay WAL to the target, verify, stop
#   roo-pitr check                         restore the latest state into a scratch
#                                          directory, run sanity queries, remove it
#   roo-pitr schedule                      run `backup` every PITR_BACKUP_INTERVAL_HOURS
#
# Settings (environment; docs/pitr.md):
#   PITR_S3_URL               s3://bucket/prefix of the archive (required)
#   PITR_SERVER_NAME          folder for this cluster under the prefix (default roo)
#   PITR_S3_ENDPOINT          S3 API endpoint, e.g. http://minio:9000 (empty = AWS)
#   PITR_S3_REGION            default us-east-1
#   PITR_S3_ACCESS_KEY_FILE, PITR_S3_SECRET_KEY_FILE   credentials (or AWS_* variables)
#   PITR_S3_SSE               server-side encryption at rest: AES256 | aws:kms (empty = none)
#   PITR_COMPRESSION          gzip | bzip2 | snappy (default gzip; WAL and base backups)
#   PITR_RETENTION_DAYS       recovery window kept, in days (default 7 → 7 daily backups)
#   PITR_KEEP_WEEKLY          weekly backups kept beyond the window (default 4)
#   PITR_BACKUP_INTERVAL_HOURS, PITR_BACKUP_AT   schedule (default 24 h, at 02:30 UTC)
#   PITR_METRICS_DIR          node-exporter textfile directory for roo_pitr_* metrics
#   PGHOST PGPORT PGUSER PGDATABASE, PITR_PGPASSWORD_FILE   connection for base backups
#   PITR_RECOVERY_TIMEOUT     seconds a restore may replay WAL (default 7200)
#   PITR_S3_CONNECT_TIMEOUT   seconds archive-wal may take to reach S3 (default 5)
#   PITR_ARCHIVE_TIMEOUT      seconds one archive-wal upload may take (default 30)
set -euo pipefail

PROG=roo-pitr
SERVER="${PITR_SERVER_NAME:-roo}"
PY="${PITR_PYTHON:-/usr/bin/python3}"

say() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

need_url() { [ -n "${PITR_S3_URL:-}" ] || die "PITR_S3_URL is not set (e.g. s3://roo-pitr/postgres)"; }

# Credentials from files (Docker secrets) unless AWS_* is already set.
load_credentials() {
  if [ -z "${AWS_ACCESS_KEY_ID:-}" ] && [ -n "${PITR_S3_ACCESS_KEY_FILE:-}" ]; then
    [ -r "$PITR_S3_ACCESS_KEY_FILE" ] || die "cannot read PITR_S3_ACCESS_KEY_FILE"
    AWS_ACCESS_KEY_ID="$(tr -d '\n' <"$PITR_S3_ACCESS_KEY_FILE")"
  fi
  if [ -z "${AWS_SECRET_ACCESS_KEY:-}" ] && [ -n "${PITR_S3_SECRET_KEY_FILE:-}" ]; then
    [ -r "$PITR_S3_SECRET_KEY_FILE" ] || die "cannot read PITR_S3_SECRET_KEY_FILE"
    AWS_SECRET_ACCESS_KEY="$(tr -d '\n' <"$PITR_S3_SECRET_KEY_FILE")"
  fi
  if [ -z "${PGPASSWORD:-}" ] && [ -n "${PITR_PGPASSWORD_FILE:-}" ] && [ -r "$PITR_PGPASSWORD_FILE" ]; then
    PGPASSWORD="$(tr -d '\n' <"$PITR_PGPASSWORD_FILE")"
    export PGPASSWORD
  fi
  export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
  export AWS_DEFAULT_REGION="${PITR_S3_REGION:-${AWS_DEFAULT_REGION:-us-east-1}}"
}

CLOUD=(--cloud-provider aws-s3)
[ -n "${PITR_S3_ENDPOINT:-}" ] && CLOUD+=(--endpoint-url "$PITR_S3_ENDPOINT")
case "${PITR_COMPRESSION:-gzip}" in
  gzip) COMP=(-z) ;;
  bzip2) COMP=(-j) ;;
  snappy) COMP=(--snappy) ;;
  none) COMP=() ;;
  *) die "PITR_COMPRESSION must be gzip, bzip2, snappy or none" ;;
esac
SSE=()
[ -n "${PITR_S3_SSE:-}" ] && SSE=(-e "$PITR_S3_SSE")

# Runs a command as the postgres OS user (data directories must be owned by it).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# s3 ls-wal | ls-all: "<key basename>\t<epoch of LastModified>" for the server's objects.
s3() {
  "$PY" - "$@" <<'PY'
import os, sys, boto3, botocore.config
from urllib.parse import urlparse
what = sys.argv[1]
u = urlparse(os.environ["PITR_S3_URL"])
bucket, prefix = u.netloc, u.path.strip("/")
base = "/".join(p for p in (prefix, os.environ.get("PITR_SERVER_NAME", "roo")) if p) + "/"
kw = {"config": botocore.config.Config(s3={"addressing_style": "path"})}
if os.environ.get("PITR_S3_ENDPOINT"):
    kw["endpoint_url"] = os.environ["PITR_S3_ENDPOINT"]
c = boto3.client("s3", **kw)
if what == "ls-wal":
    for page in c.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=base + "wals/"):
        for o in page.get("Contents", []):
            print("%s\t%d" % (o["Key"][len(base):], o["LastModified"].timestamp()))
elif what == "prefetch":
    # prefetch FROM_SEGNO DIR: download + decompress the segments recovery will ask
    # for, in parallel; a file that fails is left out (restore-wal then reports it).
    import bz2, gzip, re
    from concurrent.futures import ThreadPoolExecutor
    first, spool = int(sys.argv[2]), sys.argv[3]
    keys, names = [], []
    for page in c.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=base + "wals/"):
        for o in page.get("Contents", []):
            names.append(re.sub(r"\.(gz|bz2|snappy)$", "", o["Key"].rsplit("/", 1)[1]))
            m = re.match(r"^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})(\.gz|\.bz2)?$", o["Key"].rsplit("/", 1)[1])
            if m and int(m.group(2), 16) * 256 + int(m.group(3), 16) >= first:
                keys.append((o["Key"], m.group(1) + m.group(2) + m.group(3), m.group(4)))
    def get(item):
        key, name, ext = item
        try:
            data = c.get_object(Bucket=bucket, Key=key)["Body"].read()
            data = gzip.decompress(data) if ext == ".gz" else bz2.decompress(data) if ext == ".bz2" else data
            with open(os.path.join(spool, name + ".tmp"), "wb") as f:
                f.write(data)
            os.rename(os.path.join(spool, name + ".tmp"), os.path.join(spool, name))
            return 1
        except Exception:
            return 0
    with ThreadPoolExecutor(int(os.environ.get("PITR_PREFETCH_JOBS", "8"))) as ex:
        n = sum(ex.map(get, keys))
    with open(os.path.join(spool, ".manifest"), "w") as f:
        f.write("\n".join(sorted(names)) + "\n")
    print("%d/%d" % (n, len(keys)))
PY
}

# WAL segments in the archive: "<24-hex name>\t<epoch>", sorted by name.
wal_segments() {
  s3 ls-wal | sed -E 's#^wals/[0-9A-F]{16}/##; s#\.(gz|bz2|snappy)\t#\t#' |
    { grep -E '^[0-9A-F]{24}	' || true; } | sort
}

# segno NAME: the segment number of a WAL file name (16 MiB segments).
segno() { echo $(((16#${1:8:8}) * 256 + (16#${1:16:8}))); }

write_metrics() { # write_metrics FILE-BASENAME <content on stdin>
  [ -n "${PITR_METRICS_DIR:-}" ] || { cat >/dev/null; return 0; }
  mkdir -p "$PITR_METRICS_DIR"
  cat >"${PITR_METRICS_DIR}/$1.prom.tmp"
  chmod 644 "${PITR_METRICS_DIR}/$1.prom.tmp"
  mv "${PITR_METRICS_DIR}/$1.prom.tmp" "${PITR_METRICS_DIR}/$1.prom"
}

# backups_json: barman's list (oldest first) as TSV: id, begin_wal, end epoch, status.
backups_tsv() {
  barman-cloud-backup-list "${CLOUD[@]}" --format json "$PITR_S3_URL" "$SERVER" | "$PY" -c '
import json, sys, calendar, time
for b in json.load(sys.stdin)["backups_list"]:
    end = b.get("end_time")
    # barman writes ctime() in the server clock; containers and tests run in UTC
    e = calendar.timegm(time.strptime(end, "%a %b %d %H:%M:%S %Y")) if end else 0
    print("\t".join([b["backup_id"], b.get("begin_wal") or "-", str(e), b.get("status", "?")]))
' | sort
}

# s3_reachable: true when a TCP connection to PITR_S3_ENDPOINT's host and port (AWS S3's
# regional endpoint when it is empty) opens within PITR_S3_CONNECT_TIMEOUT seconds, name
# lookup included; also true behind an HTTP(S) proxy, which the S3 client goes through.
s3_reachable() {
  [ -n "${HTTPS_PROXY:-}${https_proxy:-}${HTTP_PROXY:-}${http_proxy:-}" ] && return 0
  local url="${PITR_S3_ENDPOINT:-https://s3.${PITR_S3_REGION:-us-east-1}.amazonaws.com}" host port
  host="${url#*://}"
  host="${host%%/*}"
  host="${host##*@}"
  case "$host" in
    \[*\]:*) port="${host##*]:}" host="${host%%]:*}" ;;
    \[*\]) port="" ;;
    *:*) port="${host##*:}" host="${host%:*}" ;;
    *) port="" ;;
  esac
  host="${host#[}"
  host="${host%]}"
  [ -n "$port" ] || case "$url" in https://*) port=443 ;; *) port=80 ;; esac
  # shellcheck disable=SC2016  # $0 and $1 expand in the inner bash
  timeout -k 1 "${PITR_S3_CONNECT_TIMEOUT:-5}" bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$host" "$port" 2>/dev/null
}

# archive_command. Each attempt is bounded so that an unreachable S3 fails it fast:
# unbounded, one attempt hung ~56 s in name lookup, connect and the S3 client's retries,
# and with Postgres' 3 attempts per round its last round at shutdown overran the
# container's stop grace period (1 min), so Postgres was killed. A failed attempt loses
# nothing: the segment stays in pg_wal and Postgres tries again later (alert
# RooWalArchiveFailing). PITR_S3_CONNECT_TIMEOUT (5 s): to reach the endpoint;
# PITR_ARCHIVE_TIMEOUT (30 s): the whole upload of one segment (raise it on a slow uplink).
# Exits 1 on every failure (>125 would make Postgres restart its archiver).
cmd_archive_wal() {
  [ $# -eq 1 ] || die "usage: archive-wal <path>"
  need_url
  load_credentials
  s3_reachable || die "archiving ${1##*/}: S3 endpoint ${PITR_S3_ENDPOINT:-(AWS)} not reachable within ${PITR_S3_CONNECT_TIMEOUT:-5} s; Postgres retries later"
  local rc=0
  timeout -k 5 "${PITR_ARCHIVE_TIMEOUT:-30}" barman-cloud-wal-archive "${CLOUD[@]}" "${COMP[@]}" "${SSE[@]}" "$PITR_S3_URL" "$SERVER" "$1" || rc=$?
  case "$rc" in
    0) ;;
    124 | 137) die "archiving ${1##*/}: not done within PITR_ARCHIVE_TIMEOUT=${PITR_ARCHIVE_TIMEOUT:-30} s, stopped; Postgres retries later" ;;
    *) exit 1 ;;
  esac
}

# restore_command. Exit 1 = "not in the archive" (normal at the end of the archive).
# A segment that exists but cannot be fetched or decompressed, or a hole in the
# archive (later segments of the same timeline exist), exits 255: Postgres then aborts
# recovery with FATAL instead of silently ending it early.
cmd_restore_wal() {
  [ $# -eq 2 ] || die "usage: restore-wal <wal name> <destination>"
  need_url
  load_credentials
  local name=$1 dest=$2 rc=0
  # Segments prefetched by `restore` (decompressed, in parallel) are used first.
  if [ -n "${PITR_SPOOL_DIR:-}" ] && [ -f "${PITR_SPOOL_DIR}/${name}" ]; then
    mv -f "${PITR_SPOOL_DIR}/${name}" "$dest" && return 0
  fi
  # The manifest (the archive's listing at prefetch time) answers "not there" at once.
  local manifest="${PITR_SPOOL_DIR:-/nonexistent}/.manifest"
  if [ -f "$manifest" ] && ! grep -qx -- "$name" "$manifest"; then
    if [[ "$name" =~ ^[0-9A-F]{24}$ ]]; then
      local later
      later=$(grep -E "^${name:0:8}[0-9A-F]{16}$" "$manifest" | awk -v n="$name" '($1 "") > (n "")' | tail -n 1)
      if [ -n "$later" ]; then
        say "FATAL: WAL segment ${name} is MISSING from the archive, but later segments exist (up to ${later}): the archive has a hole; recovery cannot continue past it"
        exit 255
      fi
    fi
    exit 1
  fi
  barman-cloud-wal-restore "${CLOUD[@]}" "$PITR_S3_URL" "$SERVER" "$name" "$dest" 2>"${dest}.err" || rc=$?
  if [ "$rc" = 0 ]; then rm -f "${dest}.err"; return 0; fi
  if [ "$rc" = 1 ] && [[ "$name" =~ ^[0-9A-F]{24}$ ]]; then
    local tli=${name:0:8} want last
    want=$(segno "$name")
    last=$(wal_segments | awk -F'\t' -v t="$tli" 'substr($1,1,8)==t {n=$1} END {print n}')
    if [ -n "$last" ] && [ "$(segno "$last")" -gt "$want" ]; then
      say "FATAL: WAL segment ${name} is MISSING from the archive, but later segments exist (up to ${last}): the archive has a hole; recovery cannot continue past it"
      rm -f "${dest}.err"
      exit 255
    fi
  fi
  if [ "$rc" = 1 ]; then rm -f "${dest}.err"; exit 1; fi
  say "FATAL: WAL file ${name} is in the archive but could not be restored (corrupt or unreadable, exit ${rc}): $(tail -n 1 "${dest}.err" 2>/dev/null)"
  rm -f "${dest}.err" "$dest"
  exit 255
}

cmd_backup() {
  need_url
  load_credentials
  local started ended id now
  started=$(date -u +%s)
  say "base backup of ${PGHOST:-local}:${PGPORT:-5432} to ${PITR_S3_URL}/${SERVER}"
  if ! barman-cloud-backup "${CLOUD[@]}" "${COMP[@]}" "${SSE[@]}" --immediate-checkpoint \
    ${PGHOST:+-h "$PGHOST"} ${PGPORT:+-p "$PGPORT"} ${PGUSER:+-U "$PGUSER"} ${PGDATABASE:+-d "$PGDATABASE"} \
    "$PITR_S3_URL" "$SERVER"; then
    write_metrics roo_pitr_backup <<PROM
# HELP roo_pitr_base_backup_last_failure_timestamp_seconds Unix time of the last failed base backup.
# TYPE roo_pitr_base_backup_last_failure_timestamp_seconds gauge
roo_pitr_base_backup_last_failure_timestamp_seconds $(date -u +%s)
PROM
    die "base backup failed"
  fi
  ended=$(date -u +%s)
  id=$(backups_tsv | awk -F'\t' '$4=="DONE" {i=$1} END {print i}')
  say "base backup ${id} done in $((ended - started)) s"
  retention "$id"
  now=$(date -u +%s)
  local oldest
  oldest=$(backups_tsv | awk -F'\t' '$4=="DONE" {print $3; exit}')
  write_metrics roo_pitr_backup <<PROM
# HELP roo_pitr_base_backup_last_success_timestamp_seconds Unix time of the last successful base backup.
# TYPE roo_pitr_base_backup_last_success_timestamp_seconds gauge
roo_pitr_base_backup_last_success_timestamp_seconds ${ended}
# HELP roo_pitr_base_backup_last_duration_seconds Duration of the last successful base backup.
# TYPE roo_pitr_base_backup_last_duration_seconds gauge
roo_pitr_base_backup_last_duration_seconds $((ended - started))
# HELP roo_pitr_recoverable_window_start_timestamp_seconds End of the oldest base backup kept: the earliest time a restore can reach.
# TYPE roo_pitr_recoverable_window_start_timestamp_seconds gauge
roo_pitr_recoverable_window_start_timestamp_seconds ${oldest:-$now}
PROM
}

# Retention: every backup of the last PITR_RETENTION_DAYS days (barman's recovery
# window), plus one backup per week for PITR_KEEP_WEEKLY weeks, marked "keep"
# (standalone: restorable to its own end, without the WAL between weeklies).
retention() {
  local newest=$1 days="${PITR_RETENTION_DAYS:-7}" weeks="${PITR_KEEP_WEEKLY:-4}" now id end status last_kept=0
  now=$(date -u +%s)
  while IFS=$'\t' read -r id _ end _; do
    status=$(barman-cloud-backup-keep "${CLOUD[@]}" -s "$PITR_S3_URL" "$SERVER" "$id" 2>/dev/null || true)
    case "$status" in
      *standalone* | *full*)
        if [ "$end" -lt $((now - weeks * 7 * 86400)) ]; then
          say "weekly backup ${id} is older than ${weeks} weeks: releasing it"
          barman-cloud-backup-keep "${CLOUD[@]}" -r "$PITR_S3_URL" "$SERVER" "$id"
        else
          last_kept=$end
        fi
        ;;
    esac
  done < <(backups_tsv | awk -F'\t' '$4=="DONE"')
  if [ "$weeks" -gt 0 ] && [ -n "$newest" ] && [ "$last_kept" -lt $((now - 7 * 86400 + 3600)) ]; then
    say "keeping ${newest} as this week's backup"
    barman-cloud-backup-keep "${CLOUD[@]}" --target standalone "$PITR_S3_URL" "$SERVER" "$newest"
  fi
  barman-cloud-backup-delete "${CLOUD[@]}" --retention-policy "RECOVERY WINDOW OF ${days} DAYS" "$PITR_S3_URL" "$SERVER"
}

fmt() { date -u -d "@$1" '+%Y-%m-%d %H:%M:%S+00'; }

cmd_list() {
  need_url
  load_credentials
  local backups wals first_b last_w
  backups=$(backups_tsv)
  wals=$(wal_segments)
  echo "Base backups in ${PITR_S3_URL}/${SERVER} (oldest first):"
  if [ -z "$backups" ]; then echo "  none"; else
    printf '  %-18s %-26s %-24s %s\n' "ID" "FINISHED (UTC)" "FIRST WAL" "STATUS"
    while IFS=$'\t' read -r id wal end status; do
      printf '  %-18s %-26s %-24s %s\n' "$id" "$(fmt "$end")" "$wal" "$status"
    done <<<"$backups"
  fi
  if [ -z "$wals" ]; then echo "Archived WAL: none"; else
    echo "Archived WAL: $(wc -l <<<"$wals") segments, $(head -n 1 <<<"$wals" | cut -f1) .. $(tail -n 1 <<<"$wals" | cut -f1)," \
      "last archived $(fmt "$(tail -n 1 <<<"$wals" | cut -f2)")"
  fi
  first_b=$(awk -F'\t' '$4=="DONE" {print $3; exit}' <<<"$backups")
  last_w=$(tail -n 1 <<<"$wals" | cut -f2)
  if [ -n "$first_b" ] && [ -n "$last_w" ]; then
    echo "Recoverable window: $(fmt "$first_b") .. $(fmt "$last_w") (+ up to archive_timeout of not yet archived WAL is at risk)"
  else
    echo "Recoverable window: none (no base backup yet: run make backup-base)"
  fi
  local gaps
  gaps=$(wal_gaps "$(awk -F'\t' '$4=="DONE" && $2!="-" {print $2; exit}' <<<"$backups")" <<<"$wals")
  [ -z "$gaps" ] || echo "WARNING: holes in the archived WAL (a restore cannot cross them): ${gaps}"
}

# wal_gaps FROM_NAME < segments: names of missing segments (per timeline) after FROM.
wal_gaps() {
  local from=${1:-} prev="" name _t tli=""
  [ -n "$from" ] || return 0
  local from_no
  from_no=$(segno "$from")
  while IFS=$'\t' read -r name _t; do
    [ -n "$name" ] || continue
    local n
    n=$(segno "$name")
    [ "$n" -ge "$from_no" ] || continue
    if [ "${name:0:8}" != "$tli" ]; then tli=${name:0:8}; prev=$n; continue; fi
    if [ $((n - prev)) -gt 1 ]; then
      printf '%s%08X%08X ' "$tli" $(((prev + 1) / 256)) $(((prev + 1) % 256))
    fi
    prev=$n
  done
}

cmd_restore() {
  local dest="" target="" latest=0 backup_id="" check=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --dest) dest=$2; shift 2 ;;
      --time) target=$2; shift 2 ;;
      --latest) latest=1; shift ;;
      --backup-id) backup_id=$2; shift 2 ;;
      --check) check=1; shift ;;
      *) die "unknown option $1" ;;
    esac
  done
  [ -n "$dest" ] || die "usage: restore --dest DIR (--time TIMESTAMP | --latest) [--backup-id ID]"
  { [ -n "$target" ] && [ "$latest" = 0 ]; } || { [ -z "$target" ] && [ "$latest" = 1 ]; } ||
    die "give exactly one of --time TIMESTAMP or --latest"
  need_url
  load_credentials
  if [ -e "$dest" ] && [ -n "$(ls -A "$dest" 2>/dev/null)" ]; then
    die "${dest} is not empty: restore only into a fresh, empty directory (the live data is never overwritten)"
  fi
  local t0 target_epoch=""
  t0=$(date +%s.%N)
  if [ -n "$target" ]; then
    target_epoch=$(date -u -d "$target" +%s 2>/dev/null) || die "cannot parse --time '${target}' (use e.g. '2026-11-25 14:03:00+00')"
    [ "$target_epoch" -le "$(date -u +%s)" ] || die "--time ${target} is in the future"
  fi

  local backups wals
  backups=$(backups_tsv | awk -F'\t' '$4=="DONE"')
  [ -n "$backups" ] || die "no base backup in ${PITR_S3_URL}/${SERVER}: nothing to restore from (make backup-base)"
  if [ -z "$backup_id" ]; then
    if [ -n "$target_epoch" ]; then
      backup_id=$(awk -F'\t' -v t="$target_epoch" '$3 <= t {i=$1} END {print i}' <<<"$backups")
      [ -n "$backup_id" ] || die "no base backup finished before ${target}: the recoverable window starts at $(fmt "$(head -n 1 <<<"$backups" | cut -f3)")"
    else
      backup_id=$(tail -n 1 <<<"$backups" | cut -f1)
    fi
  fi
  local begin_wal
  begin_wal=$(awk -F'\t' -v i="$backup_id" '$1==i {print $2}' <<<"$backups")
  [ -n "$begin_wal" ] || die "no completed base backup with id ${backup_id}"
  wals=$(wal_segments)
  local gaps last_wal
  gaps=$(wal_gaps "$begin_wal" <<<"$wals")
  last_wal=$(awk -F'\t' '{print $1}' <<<"$wals" | sort | awk '{t=substr($1,1,8)} t>=mt {mt=t; n=$1} END {print n}')
  if [ -n "$gaps" ]; then
    if [ "$latest" = 1 ]; then
      die "WAL segment(s) missing from the archive after base backup ${backup_id}: ${gaps}— the latest state cannot be restored; pick --time before the hole (make backup-list)"
    fi
    say "warning: WAL missing from the archive: ${gaps}— recovery fails if ${target} lies beyond it"
  fi

  say "restoring base backup ${backup_id} into ${dest}"
  mkdir -p "$dest"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$dest"; fi
  chmod 700 "$dest"
  as_pg barman-cloud-restore "${CLOUD[@]}" "$PITR_S3_URL" "$SERVER" "$backup_id" "$dest" ||
    die "barman-cloud-restore failed for ${backup_id}"
  local t1
  t1=$(date +%s.%N)

  # Replay WAL in a private instance: Unix socket only, no archiving, own pg_hba.
  local run
  run=$(mktemp -d "${TMPDIR:-/tmp}/roo-pitr-run.XXXXXX")
  chmod 755 "$run"
  printf 'local all all trust\n' >"${run}/pg_hba.conf"
  touch "${run}/postgres.log"
  if [ "$(id -u)" = 0 ]; then chown -R postgres: "$run"; fi
  mkdir -p "${run}/spool"
  if [ "$(id -u)" = 0 ]; then chown postgres: "${run}/spool"; fi
  say "prefetched WAL segments from ${begin_wal}: $(s3 prefetch "$(segno "$begin_wal")" "${run}/spool" 2>&1 | tail -n 1)"
  if [ "$(id -u)" = 0 ]; then chown -R postgres: "${run}/spool"; fi
  export PITR_SPOOL_DIR="${run}/spool"
  rm -f "${dest}/postmaster.pid" "${dest}/postmaster.opts"
  as_pg touch "${dest}/recovery.signal"
  local self
  self=$(command -v roo-pitr 2>/dev/null || readlink -f "$0")
  local opts=(-c "listen_addresses=" -c "unix_socket_directories=${run}" -c "port=${PITR_RESTORE_PORT:-5499}"
    -c "hba_file=${run}/pg_hba.conf" -c archive_mode=off -c "restore_command=${self} restore-wal %f %p"
    -c recovery_target_action=promote -c recovery_target_timeline=latest)
  [ -n "$target" ] && opts+=(-c "recovery_target_time=${target}")
  # Recovery aborts when max_connections & co. are below the primary's ("insufficient
  # parameter settings": the stack runs with max_connections=200, the backup's
  # postgresql.conf says 100), so take them from the backup's control file.
  local ctl pair value
  ctl=$(as_pg "$(dirname "$(readlink -f "$(command -v postgres)")")/pg_controldata" "$dest" 2>/dev/null || true)
  for pair in max_connections:max_connections max_worker_processes:max_worker_processes \
    max_wal_senders:max_wal_senders max_prepared_xacts:max_prepared_transactions \
    max_locks_per_xact:max_locks_per_transaction; do
    value=$(sed -n "s/^${pair%%:*} setting: *\([0-9][0-9]*\)$/\1/p" <<<"$ctl")
    [ -n "$value" ] && opts+=(-c "${pair#*:}=${value}")
  done
  say "replaying WAL to ${target:-the end of the archive (${last_wal:-none})}"
  as_pg postgres -D "$dest" "${opts[@]}" >>"${run}/postgres.log" 2>&1 &
  local pid=$! waited=0 state=""
  local psql=(psql -X -q -At -h "$run" -p "${PITR_RESTORE_PORT:-5499}" -U "${PITR_PGUSER:-${POSTGRES_USER:-postgres}}" -d postgres)
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      grep -E 'FATAL|PANIC|roo-pitr' "${run}/postgres.log" | tail -n 8 >&2 || true
      rm -rf "$run"
      die "recovery FAILED (Postgres stopped; log lines above). ${dest} is unusable — delete it and fix the cause"
    fi
    state=$("${psql[@]}" -c 'select pg_is_in_recovery()' 2>/dev/null || true)
    [ "$state" = f ] && break
    sleep 0.5
    waited=$((waited + 1))
    if [ "$waited" -gt $((${PITR_RECOVERY_TIMEOUT:-7200} * 2)) ]; then
      kill "$pid" 2>/dev/null || true
      die "recovery did not finish within ${PITR_RECOVERY_TIMEOUT:-7200} s (log: ${run}/postgres.log)"
    fi
  done
  local fail=""
  # Did replay reach what the archive holds (latest) / the target (time)?
  local lsn cur_seg
  lsn=$("${psql[@]}" -c 'select pg_current_wal_lsn()')
  cur_seg=$(( (16#${lsn%%/*} * 4294967296 + 16#${lsn##*/}) / 16777216 ))
  if [ "$latest" = 1 ] && [ -n "$last_wal" ] && [ "$cur_seg" -lt "$(segno "$last_wal")" ]; then
    fail="recovery stopped EARLY at ${lsn}, but the archive holds WAL up to ${last_wal}: a segment is corrupt or unreadable"
  fi
  if [ -n "$target" ] && ! grep -q 'recovery stopping' "${run}/postgres.log"; then
    fail="recovery ended without reaching ${target}"
  fi
  grep -E 'recovery stopping|last completed transaction|redo done' "${run}/postgres.log" | sed 's/^/  postgres: /' >&2 || true
  if [ -z "$fail" ] && [ "$check" = 1 ]; then
    sanity "${psql[@]}" || fail="sanity queries failed"
  fi
  as_pg pg_ctl -D "$dest" -m fast -w stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$run"
  [ -z "$fail" ] || die "$fail"
  local t2
  t2=$(date +%s.%N)
  say "$(awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$dest" 'BEGIN {printf "restore done: fetch %.1f s + replay %.1f s = %.1f s; %s is a promoted cluster ready to start", b-a, c-b, c-a, d}')"
}

# sanity PSQL...: every database answers, every user table can be read in full (with
# data checksums on, this reads and verifies every heap page).
sanity() {
  local dbs db tables=0 rows=0 n
  dbs=$("$@" -c "select datname from pg_database where datallowconn and not datistemplate order by 1")
  for db in $dbs; do
    while IFS= read -r q; do
      [ -n "$q" ] || continue
      n=$("$@" -d "$db" -c "$q") || { say "sanity: '${q}' failed in ${db}"; return 1; }
      tables=$((tables + 1)); rows=$((rows + n))
    done < <("$@" -d "$db" -c "select format('select count(*) from %I.%I', schemaname, tablename) from pg_tables where schemaname not in ('pg_catalog','information_schema')")
  done
  say "sanity: $(wc -w <<<"$dbs") database(s), ${tables} table(s), ${rows} row(s) read back"
}

cmd_check() {
  need_url
  local scratch
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/roo-pitr-check.XXXXXX")
  rmdir "$scratch"
  local rc=0
  (cmd_restore --dest "$scratch" --latest --check) || rc=$?
  rm -rf "$scratch"
  [ "$rc" = 0 ] || die "restore check FAILED"
  write_metrics roo_pitr_restore_check <<PROM
# HELP roo_pitr_restore_check_last_success_timestamp_seconds Unix time of the last successful restore check.
# TYPE roo_pitr_restore_check_last_success_timestamp_seconds gauge
roo_pitr_restore_check_last_success_timestamp_seconds $(date -u +%s)
PROM
  say "restore check passed"
}

cmd_schedule() {
  local hours="${PITR_BACKUP_INTERVAL_HOURS:-24}" at="${PITR_BACKUP_AT:-02:30}" next now
  say "base backups every ${hours} h from ${at} UTC"
  while :; do
    now=$(date -u +%s)
    next=$(date -u -d "today ${at}" +%s)
    while [ "$next" -le "$now" ]; do next=$((next + hours * 3600)); done
    sleep $((next - now))
    (cmd_backup) || say "scheduled base backup failed (see above); next attempt in ${hours} h"
  done
}

case "${1:-}" in
  archive-wal) shift; cmd_archive_wal "$@" ;;
  restore-wal) shift; cmd_restore_wal "$@" ;;
  backup) shift; cmd_backup "$@" ;;
  list) shift; cmd_list "$@" ;;
  restore) shift; cmd_restore "$@" ;;
  check) shift; cmd_check "$@" ;;
  schedule) shift; cmd_schedule "$@" ;;
  *) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
