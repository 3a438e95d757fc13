#!/usr/bin/env bash
# `make init`: writes .env (from .env.example) and secrets/ with strong random values,
# plus a self-signed TLS certificate. Run it once; it never overwrites anything, so
# running it again only fills in what is missing.
# PUBLIC_URL=https://roo.example.org make init   sets the site address in a new .env.
set -euo pipefail
# shellcheck source=scripts/ops-lib.sh
source "$(dirname "$0")/ops-lib.sh"

command -v openssl >/dev/null || die "openssl is required (apt-get install openssl)"
created=()

if [ ! -f .env ]; then
  url="${PUBLIC_URL:-https://localhost}"
  (umask 077 && sed "s#^PUBLIC_URL=.*#PUBLIC_URL=${url}#" .env.example >.env)
  created+=(".env (PUBLIC_URL=${url})")
fi

SECRETS=secrets
TLS_DIR="$(env_get TLS_DIR ./secrets/tls)"
# The folder is private to root; the files inside are 0644 because Compose bind-mounts
# file secrets as they are and the services read them as non-root users (node,
# grafana, postgres…). Only the TLS key (read by nginx's root master) stays 0600.
mkdir -p "$SECRETS" "$TLS_DIR"
chmod 700 "$SECRETS"
mkdir -p "$(env_get BACKUP_DIR ./backups)/textfile"

rand_hex() { openssl rand -hex "$1"; }

# put NAME VALUE: writes secrets/NAME unless it already has content.
put() {
  local file="${SECRETS}/$1"
  [ -s "$file" ] && return 0
  (umask 077 && printf '%s' "$2" >"$file")
  chmod 644 "$file"
  created+=("$file")
}
read_secret() { cat "${SECRETS}/$1"; }

pg_user="$(env_get POSTGRES_USER roo)"
pg_db="$(env_get POSTGRES_DB roo)"

put postgres_password "$(rand_hex 24)"
put database_url "postgres://${pg_user}:$(read_secret postgres_password)@postgres:5432/${pg_db}"
put redis_password "$(rand_hex 24)"
put redis_url "redis://:$(read_secret redis_password)@redis:6379/0"
put redis_exporter_passwords.json "{\"redis://redis:6379\":\"$(read_secret redis_password)\"}"
put minio_root_user "roo-admin"
put minio_root_password "$(rand_hex 24)"
put s3_access_key "roo-app-$(rand_hex 6)"
put s3_secret_key "$(rand_hex 24)"
# WAL archive + base backups (docs/pitr.md): a MinIO user limited to the PITR bucket.
put pitr_s3_access_key "roo-pitr-$(rand_hex 6)"
put pitr_s3_secret_key "$(rand_hex 24)"
put jwt_secret "$(rand_hex 32)"
put encryption_key "$(openssl rand -base64 32)"
put grafana_admin_password "$(rand_hex 16)"
# Web Push (docs/api.md): a VAPID key pair, P-256, both halves base64url (raw scalar and
# uncompressed point). Written together and only when the private key is missing, so
# browsers already subscribed keep working (a new key would orphan every subscription).
if [ ! -s "${SECRETS}/vapid_private_key" ]; then
  b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
  vapid_pem="$(openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null)"
  # The DER of a P-256 EC private key holds the 32-byte scalar at offset 7.
  vapid_priv="$(printf '%s\n' "$vapid_pem" | openssl ec -outform DER 2>/dev/null | dd bs=1 skip=7 count=32 2>/dev/null | b64url)"
  # The last 65 bytes of the public key's DER are the uncompressed point.
  vapid_pub="$(printf '%s\n' "$vapid_pem" | openssl ec -pubout -outform DER 2>/dev/null | tail -c 65 | b64url)"
  if [ "${#vapid_priv}" -ne 43 ] || [ "${#vapid_pub}" -ne 87 ]; then
    die "could not generate the VAPID key pair with openssl"
  fi
  rm -f "${SECRETS}/vapid_public_key"
  put vapid_private_key "$vapid_priv"
  put vapid_public_key "$vapid_pub"
  unset vapid_pem vapid_priv vapid_pub
fi
# Placeholder: alerts go nowhere until a real webhook URL is written here.
put alert_webhook_url "http://127.0.0.1:9/replace-with-your-webhook-url"
# Build-time CA bundle for npm (empty = not needed).
[ -e "${SECRETS}/npm_ca.pem" ] || { : >"${SECRETS}/npm_ca.pem"; created+=("${SECRETS}/npm_ca.pem (empty)"); }

if [ ! -s "${TLS_DIR}/tls.crt" ] || [ ! -s "${TLS_DIR}/tls.key" ]; then
  host="$(env_get PUBLIC_URL https://localhost | sed -E 's#^[a-z]+://##; s#[:/].*$##')"
  (umask 077 && openssl req -x509 -newkey rsa:2048 -nodes -days 397 -subj "/CN=${host}" \
    -addext "subjectAltName=DNS:${host},DNS:localhost,IP:127.0.0.1" \
    -keyout "${TLS_DIR}/tls.key" -out "${TLS_DIR}/tls.crt" >/dev/null 2>&1)
  chmod 644 "${TLS_DIR}/tls.crt"
  created+=("${TLS_DIR}/tls.crt + tls.key (self-signed for ${host}; docs/install.md for real ones)")
fi

if [ ${#created[@]} -eq 0 ]; then
  log "nothing to do: .env and every secret already exist (nothing was overwritten)"
else
  log "created:"
  printf '  %s\n' "${created[@]}" >&2
fi
grep -q replace-with-your-webhook-url "${SECRETS}/alert_webhook_url" &&
  warn "alerts are not delivered yet: write your webhook URL into ${SECRETS}/alert_webhook_url (docs/monitoring.md)"
log "secrets are in ${SECRETS}/ (git-ignored; back them up safely), settings in .env. Next: make doctor, make up"
