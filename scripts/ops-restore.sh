#!/usr/bin/env bash
# `make restore BACKUP=backups/<stamp> [YES=1]`: verifies the manifest, stops the API
# and workers, restores PostgreSQL (pg_restore --clean) and the bucket (mc mirror
# --remove), then starts them again. Destructive: asks for a typed confirmation
# unless --yes is given.
set -euo pipefail
# shellcheck source=scripts/ops-lib.sh
source "$(dirname "$0")/ops-lib.sh"

parse_restore_args "$@"
[ -n "$src" ] || die "usage: $0 <backup folder> [--yes]   (make restore BACKUP=backups/<stamp> [YES=1])"
[ -d "$src" ] || die "no such backup folder: ${src}"
{ [ -f "${src}/SHA256SUMS" ] && [ -f "${src}/db.dump" ]; } || die "${src} is not a backup made by make backup"
require_docker

log "verifying ${src}/SHA256SUMS"
(cd "$src" && sha256sum --quiet -c SHA256SUMS) || die "checksum mismatch: the backup is damaged, not restoring"

pg_user="$(env_get POSTGRES_USER roo)"
pg_db="$(env_get POSTGRES_DB roo)"
bucket="$(env_get S3_BUCKET roo-files)"
endpoint="$(env_get S3_ENDPOINT http://minio:9000)"

confirm restore "This REPLACES database ${pg_db} and every object in bucket ${bucket} with ${src}." ||
  die "not confirmed; nothing changed"

log "stopping api, worker and nginx"
dc stop nginx api worker

log "restoring PostgreSQL ${pg_db}"
dc exec -T postgres pg_restore --clean --if-exists --no-owner --exit-on-error -U "$pg_user" -d "$pg_db" <"${src}/db.dump"

if [ -d "${src}/objects" ]; then
  log "restoring bucket ${bucket}"
  abs_objects="$(cd "${src}/objects" && pwd)"
  # shellcheck disable=SC2016  # $S3_* and $(cat …) expand in the container's shell
  dc run --rm --no-deps -T -e S3_ENDPOINT="$endpoint" -e S3_BUCKET="$bucket" \
    -v "${abs_objects}:/backup/objects:ro" --entrypoint /bin/sh minio-init -c \
    'mc alias set dst "$S3_ENDPOINT" "$(cat /run/secrets/s3_access_key)" "$(cat /run/secrets/s3_secret_key)" >/dev/null &&
     mc mirror --quiet --overwrite --remove /backup/objects "dst/$S3_BUCKET"'
fi

log "starting the stack again (migrations run first)"
dc up -d --wait
log "restore complete from ${src}"
