#!/usr/bin/env bash
# `make update-certs CERT=fullchain.pem KEY=privkey.pem`: checks that the certificate
# and key belong together and are valid, installs them into TLS_DIR (keeping the old
# pair as *.previous), then tests and reloads nginx without downtime.
set -euo pipefail
# shellcheck source=scripts/ops-lib.sh
source "$(dirname "$0")/ops-lib.sh"

cert="${1:-}"
key="${2:-}"
{ [ -n "$cert" ] && [ -n "$key" ]; } || die "usage: $0 <certificate (full chain) PEM> <private key PEM>"
{ [ -s "$cert" ] && [ -s "$key" ]; } || die "certificate or key file missing or empty"
openssl x509 -noout -in "$cert" >/dev/null 2>&1 || die "${cert} is not a PEM certificate"
cert_pub="$(openssl x509 -noout -pubkey -in "$cert" | sha256sum)"
key_pub="$(openssl pkey -pubout -in "$key" 2>/dev/null | sha256sum)"
[ "$cert_pub" = "$key_pub" ] || die "the key does not belong to the certificate"
openssl x509 -checkend 86400 -noout -in "$cert" >/dev/null || die "the certificate expires within a day"
log "certificate: $(openssl x509 -noout -subject -enddate -in "$cert" | tr '\n' ' ')"

tls_dir="$(env_get TLS_DIR ./secrets/tls)"
mkdir -p "$tls_dir"
for f in tls.crt tls.key; do
  [ -f "${tls_dir}/${f}" ] && cp -p "${tls_dir}/${f}" "${tls_dir}/${f}.previous"
done
# The folder (not the files) is mounted into nginx, so replacing the files is seen at once.
install -m 0644 "$cert" "${tls_dir}/tls.crt.new" && mv "${tls_dir}/tls.crt.new" "${tls_dir}/tls.crt"
install -m 0600 "$key" "${tls_dir}/tls.key.new" && mv "${tls_dir}/tls.key.new" "${tls_dir}/tls.key"

if command -v docker >/dev/null 2>&1 && [ -f .env ] && dc ps --status running --services 2>/dev/null | grep -qx nginx; then
  if dc exec -T nginx nginx -t; then
    dc exec -T nginx nginx -s reload
    log "nginx reloaded with the new certificate"
  else
    warn "nginx rejected the new certificate; restoring the previous pair"
    mv "${tls_dir}/tls.crt.previous" "${tls_dir}/tls.crt"
    mv "${tls_dir}/tls.key.previous" "${tls_dir}/tls.key"
    die "certificate not installed"
  fi
else
  log "installed into ${tls_dir}; nginx is not running, it will use them at the next make up"
fi
