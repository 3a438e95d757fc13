#!/usr/bin/env bash
# Renders the real nginx/ config for a run on loopback (tests, `make dev`): only the
# deployment values in nginx/site/ change (ports, API address, web roots, certs).
#   scripts/nginx-local.sh OUT_DIR HTTP_PORT HTTPS_PORT STATUS_PORT API_ADDR STATIC_ROOT ACME_ROOT CERTS_DIR
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

[ $# -eq 8 ] || die "usage: $0 OUT_DIR HTTP_PORT HTTPS_PORT STATUS_PORT API_ADDR STATIC_ROOT ACME_ROOT CERTS_DIR"
out=$1 http_port=$2 https_port=$3 status_port=$4 api=$5 html=$6 acme=$7 certs=$8

mkdir -p "$out"
cp -R "${ROOT}/nginx/." "$out/"
cp "$(nginx -V 2>&1 | grep -oE -- '--conf-path=[^ ]+' | cut -d= -f2 | xargs dirname)/mime.types" "$out/mime.types"
sed -e 's/^resolver 127\.0\.0\.11 /resolver 127.0.0.1 /' \
  -e "s#\"api:3000\"#\"${api}\"#" \
  -e "s#\"/usr/share/nginx/html\"#\"${html}\"#" \
  -e "s#\"/var/www/acme\"#\"${acme}\"#" "${ROOT}/nginx/site/http.conf" >"$out/site/http.conf"
sed -E "s/^listen 80 /listen 127.0.0.1:${http_port} /" "${ROOT}/nginx/site/listen-http.conf" >"$out/site/listen-http.conf"
sed -E "s/^listen 443 /listen 127.0.0.1:${https_port} /" "${ROOT}/nginx/site/listen-https.conf" >"$out/site/listen-https.conf"
sed -E "s/^listen 8081;/listen 127.0.0.1:${status_port};/" "${ROOT}/nginx/site/listen-status.conf" >"$out/site/listen-status.conf"
sed "s#/etc/nginx/certs/#${certs}/#" "${ROOT}/nginx/site/tls.conf" >"$out/site/tls.conf"
if [ ! -f "${certs}/tls.crt" ]; then
  mkdir -p "$certs"
  openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "${certs}/tls.key" -out "${certs}/tls.crt" >/dev/null 2>&1
fi
