#!/usr/bin/env bash
# needs: nginx prometheus prometheus-alertmanager prometheus-blackbox-exporter shellcheck yamllint openssl curl
#
# Config test suite (`make test-config`, part of `make test`), no Docker needed:
# nginx -t and a live nginx on loopback high ports in front of a stand-in API (headers,
# redirects, caching, SPA fallback, WebSocket upgrade, rate limit, request id, body
# limit, JSON access log), promtool (config, rules, rule unit tests), amtool, the
# blackbox exporter config, yamllint, shellcheck, the Compose files against the
# Compose specification schema, the Grafana dashboards (every query parsed by
# promtool), make init alone giving a .env that Compose v2 accepts with every image
# named, and make doctor's port check against a real listener. Prints PASS/FAIL per check and ends with "N passed, N failed".
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
use_node
cd "$ROOT"

PASSED=0
FAILED=0
WORK="$(mktemp -d "${TMPDIR:-/tmp}/roo-config-test.XXXXXX")"
chmod 755 "$WORK" # nginx workers (nobody when run as root) must reach the files
NGINX_PID_FILE="${WORK}/nginx.pid"
STANDIN_PID=""
DOCTOR_LISTENER_PID=""

cleanup() {
  if [ -s "$NGINX_PID_FILE" ]; then
    kill "$(cat "$NGINX_PID_FILE")" 2>/dev/null || true
  fi
  if [ -n "$STANDIN_PID" ]; then
    kill "$STANDIN_PID" 2>/dev/null || true
  fi
  if [ -n "$DOCTOR_LISTENER_PID" ]; then
    kill "$DOCTOR_LISTENER_PID" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

pass() {
  PASSED=$((PASSED + 1))
  printf 'PASS %s\n' "$1"
}
fail() {
  FAILED=$((FAILED + 1))
  printf 'FAIL %s\n' "$1"
  if [ -n "${2:-}" ]; then printf '%s\n' "$2" | tail -n 15 | sed 's/^/     /'; fi
}

# run_check NAME CMD...: PASS when CMD exits 0; on failure its output is shown.
run_check() {
  local name=$1 out
  shift
  if out="$("$@" 2>&1)"; then pass "$name"; else fail "$name" "$out"; fi
}

# expect NAME HAYSTACK REGEX: PASS when HAYSTACK matches the extended REGEX.
expect() {
  if grep -qiE -- "$3" <<<"$2"; then pass "$1"; else fail "$1" "expected /$3/ in:
$2"; fi
}
expect_not() {
  if grep -qiE -- "$3" <<<"$2"; then fail "$1" "unexpected /$3/ in:
$2"; else pass "$1"; fi
}

# run_node_checks CMD...: a checker printing PASS/FAIL lines; each line counts.
run_node_checks() {
  local out line
  out="$("$@" 2>&1)" || true
  while IFS= read -r line; do
    case "$line" in
      PASS\ *) pass "${line#PASS }" ;;
      FAIL\ *) fail "${line#FAIL }" ;;
      *) [ -n "$line" ] && printf '     %s\n' "$line" ;;
    esac
  done <<<"$out"
  grep -qE '^(PASS|FAIL) ' <<<"$out" || fail "checker produced no result: $*" "$out"
}

need() {
  command -v "$1" >/dev/null 2>&1 || { fail "tool available: $1 (run make deps)"; return 1; }
}

SCHEMA_DIR="${ROOT}/compose/schema-check"
if [ ! -d "${SCHEMA_DIR}/node_modules" ]; then
  (cd "$SCHEMA_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

# ---------------------------------------------------------------- shell and YAML
if need shellcheck; then
  for f in scripts/*.sh; do
    run_check "shellcheck ${f}" shellcheck -x "$f"
  done
  run_check "shellcheck compose/minio/init.sh (sh)" shellcheck -s sh compose/minio/init.sh
fi

if need yamllint; then
  mapfile -t yaml_files < <(find . \( -name node_modules -o -name .git -o -name .tools -o -name dist \) -prune -o \
    -type f \( -name '*.yml' -o -name '*.yaml' \) -print | sort)
  run_check "yamllint (${#yaml_files[@]} files, .yamllint.yml)" yamllint -s -c .yamllint.yml "${yaml_files[@]}"
fi

# ---------------------------------------------------------------- Prometheus
if need promtool; then
  run_check "promtool check config prometheus/prometheus.yml" promtool check config prometheus/prometheus.yml
  run_check "promtool check rules prometheus/rules/*.rules.yml" promtool check rules prometheus/rules/*.rules.yml
  run_check "promtool test rules prometheus/tests/*.test.yml" promtool test rules prometheus/tests/*.test.yml
  run_node_checks node "${SCHEMA_DIR}/check-rules.mjs" "$ROOT"
fi

# ---------------------------------------------------------------- Alertmanager, blackbox
if need amtool; then
  am_conf=compose/alertmanager/alertmanager.yml
  am_version="$(amtool --version 2>&1 | grep -oE 'version [0-9]+\.[0-9]+' | grep -oE '[0-9]+\.[0-9]+' || echo 0.0)"
  if [ "$(printf '%s\n' "$am_version" 0.26 | sort -V | head -1)" = 0.26 ]; then
    run_check "amtool check-config ${am_conf}" amtool check-config "$am_conf"
  else
    # amtool < 0.26 (Debian 12 ships 0.25) predates webhook url_file: check a copy with
    # the secret-file URL swapped for a literal one; everything else is unchanged.
    sed 's#url_file: /run/secrets/alert_webhook_url#url: http://127.0.0.1:9/placeholder#' "$am_conf" >"${WORK}/alertmanager.yml"
    run_check "amtool ${am_version} check-config ${am_conf} (url_file shimmed for amtool < 0.26)" \
      amtool check-config "${WORK}/alertmanager.yml"
  fi
fi
if need prometheus-blackbox-exporter; then
  run_check "blackbox exporter --config.check compose/blackbox/blackbox.yml" \
    prometheus-blackbox-exporter --config.file=compose/blackbox/blackbox.yml --config.check
fi

# ---------------------------------------------------------------- Compose, dashboards
run_node_checks node "${SCHEMA_DIR}/validate-compose.mjs" "$ROOT"
run_check "dashboards are up to date with grafana/build-dashboards.mjs" node grafana/build-dashboards.mjs --check
run_node_checks node "${SCHEMA_DIR}/check-dashboards.mjs" "$ROOT" "${WORK}/dashboard-queries.rules.yml"
if command -v promtool >/dev/null; then
  run_check "promtool parses every dashboard PromQL query" promtool check rules "${WORK}/dashboard-queries.rules.yml"
fi

# ---------------------------------------------------------------- backend image dependencies
run_node_checks node scripts/check-prod-deps.mjs "${ROOT}/backend"

# ---------------------------------------------------------------- defaults that start
# Every image reference in the Compose, stack and overlay files has a default (no
# ${X_IMAGE:?…}, no ${X_IMAGE}); then, in a copy of the tracked files as a fresh clone has
# them, `make init` alone gives a .env that Compose v2 (Debian 13's docker-compose, fetched
# by scripts/setup-compose.sh into .tools/) accepts, with every image named in full; and
# the stack file, with what make deploy exports, names every image too.
# stack_images DIR COMPOSE: the images docker-stack.yml names with what make deploy exports
# from DIR's .env, minus its BACKEND_IMAGE/FRONTEND_IMAGE (the file's own defaults count).
stack_images() (
  cd "$1" || exit 1
  # shellcheck source=scripts/stack-lib.sh
  source scripts/stack-lib.sh
  load_env
  unset BACKEND_IMAGE FRONTEND_IMAGE
  # Config and secret versions (make deploy hashes files and asks Docker) do not matter here.
  local v
  while read -r v; do export "${v%:?}=0"; done < <(grep -oE '[A-Z0-9_]+_V:\?' docker-stack.yml | sort -u)
  "$2" --env-file /dev/null -f docker-stack.yml config --images
)
image_default_checks() {
  local refs d="${WORK}/fresh" compose out images
  refs="$(grep -noE '\$\{[A-Z0-9_]*IMAGE[A-Z0-9_]*(\}|:\?[^}]*\}|\?[^}]*\})' docker-compose.yml docker-stack.yml compose/*.yml || true)"
  if [ -z "$refs" ]; then pass "every \${…IMAGE…} in docker-compose.yml, docker-stack.yml, compose/*.yml has a default"; else
    fail "every \${…IMAGE…} in docker-compose.yml, docker-stack.yml, compose/*.yml has a default" "$refs"; fi
  if ! compose="$(bash scripts/setup-compose.sh 2>"${WORK}/setup-compose.log")"; then
    if command -v apt-get >/dev/null && grep -qsE 'bookworm|trixie' /etc/apt/sources.list /etc/apt/sources.list.d/*; then
      fail "Compose v2 for the check (scripts/setup-compose.sh: Debian 13's docker-compose)" "$(cat "${WORK}/setup-compose.log")"
    else
      # Not counted: no Compose v2 here and no Debian apt to fetch one; the schema check above covers the files.
      printf 'SKIP make init + docker compose config: no Compose v2 on this machine and no Debian apt to fetch it\n'
    fi
    return
  fi
  mkdir -p "$d"
  git ls-files -z | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$d"
  if ! out="$(make --no-print-directory -C "$d" init 2>&1)"; then fail "make init in a fresh copy" "$out"; return; fi
  pass "make init in a fresh copy writes .env and secrets/"
  run_check "docker compose config accepts make init's .env (Compose $("$compose" version --short))" \
    bash -c "cd '$d' && '$compose' config -q"
  images="$(cd "$d" && "$compose" config --images 2>&1 | sort -u)"
  expect "...and names every image in full (${compose##*/} config --images: $(wc -l <<<"$images") images, cAdvisor from gcr.io)" \
    "$images" '^gcr\.io/cadvisor/cadvisor:v[0-9.]+$'
  expect_not "...none empty or without a tag" "$images" '^$|^[^:]+$|error'
  images="$(stack_images "$d" "$compose" 2>&1 | sort -u)"
  expect "docker-stack.yml with make deploy's settings names every image (backend from the file's default)" \
    "$images" '^roo-server/backend:[0-9]'
  expect "docker-stack.yml: cAdvisor from gcr.io" "$images" '^gcr\.io/cadvisor/cadvisor:v[0-9.]+$'
  expect "docker-stack.yml: frontend image default" "$images" '^roo-server/frontend:[0-9]'
  expect_not "docker-stack.yml: no image empty, untagged or unset" "$images" '^$|^[^:]+$|error|missing'
}
image_default_checks

# ---------------------------------------------------------------- make doctor's port check
# scripts/ops-doctor.sh itself, run from a scratch copy of what it needs with its own
# .env: a listener on 127.0.0.1:P is a problem for HTTP_PORT=P, 127.0.0.1:P and
# 0.0.0.0:P (Compose's [IP:]PORT forms), not for 127.0.0.2:P or [::1]:P; a value that is
# neither is reported too. (It used to hand "127.0.0.1:P" to ss as a port and pass.)
doctor_port_checks() {
  local d="${WORK}/doctor" port spec out
  mkdir -p "${d}/scripts"
  cp scripts/ops-doctor.sh scripts/ops-lib.sh scripts/lib.sh "${d}/scripts/"
  cp .nvmrc "${d}/"
  port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
  node -e 'require("net").createServer().listen(Number(process.argv[1]), "127.0.0.1")' "$port" &
  DOCTOR_LISTENER_PID=$!
  for _ in $(seq 1 50); do ss -Hltn "sport = :${port}" | grep -q . && break; sleep 0.1; done
  doctor() {
    printf 'HTTP_PORT=%s\nHTTPS_PORT=%s\n' "$1" "$2" >"${d}/.env"
    bash "${d}/scripts/ops-doctor.sh" --mode compose 2>&1 || true # exits 1: there are always problems here
  }
  for spec in "$port" "127.0.0.1:${port}" "0.0.0.0:${port}"; do
    out="$(doctor "$spec" "127.0.0.2:${port}")"
    expect "doctor: HTTP_PORT=${spec/${port}/P} taken by a listener on 127.0.0.1:P" "$out" "^PROBLEM: HTTP_PORT=${spec} is taken: 127\.0\.0\.1:${port} "
    expect_not "doctor: HTTPS_PORT=127.0.0.2:P not taken by it (HTTP_PORT=${spec/${port}/P})" "$out" 'HTTPS_PORT=.* is taken'
  done
  out="$(doctor "[::1]:${port}" "localhost:${port}")"
  expect_not "doctor: HTTP_PORT=[::1]:P not taken by a listener on 127.0.0.1:P" "$out" 'HTTP_PORT=.* is taken'
  expect "doctor: HTTPS_PORT=localhost:P reported as not a port or IP:port" "$out" '^PROBLEM: HTTPS_PORT=localhost:[0-9]+ in \.env is not a port or IP:port'
  kill "$DOCTOR_LISTENER_PID" 2>/dev/null || true
  wait "$DOCTOR_LISTENER_PID" 2>/dev/null || true
  DOCTOR_LISTENER_PID=""
}
if need ss; then
  doctor_port_checks
fi

# Local mode binds the API and both metrics ports to loopback (nginx is the only way in).
out="$(bash scripts/local-stack.sh app-env 2>&1)"
expect "local stack: API and metrics listen on 127.0.0.1 only (HOST)" "$out" '^HOST=127\.0\.0\.1$'

# ---------------------------------------------------------------- nginx
nginx_checks() {
  local conf="${WORK}/nginx" html="${WORK}/html" acme="${WORK}/acme" log="${WORK}/nginx-stdout.log"
  local ports http_port https_port status_port api_port
  ports="$(node -e '
    const net = require("node:net");
    const one = () => new Promise((r) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => r(p)); }); });
    (async () => { const ps = []; while (ps.length < 4) { const p = await one(); if (!ps.includes(p)) ps.push(p); } console.log(ps.join(" ")); })();')"
  read -r http_port https_port status_port api_port <<<"$ports"

  # The real config files, with only site/ (deployment values) rendered for loopback.
  mkdir -p "$conf" "${WORK}/prefix" "$html/assets" "$acme/.well-known/acme-challenge" "${WORK}/certs"
  cp -R nginx/. "$conf/"
  cp "$(nginx -V 2>&1 | grep -oE -- '--conf-path=[^ ]+' | cut -d= -f2 | xargs dirname)/mime.types" "$conf/mime.types"
  sed -e 's/^resolver 127\.0\.0\.11 /resolver 127.0.0.1 /' \
    -e "s#\"api:3000\"#\"127.0.0.1:${api_port}\"#" \
    -e "s#\"/usr/share/nginx/html\"#\"${html}\"#" \
    -e "s#\"/var/www/acme\"#\"${acme}\"#" nginx/site/http.conf >"$conf/site/http.conf"
  sed -E "s/^listen 80 /listen 127.0.0.1:${http_port} /" nginx/site/listen-http.conf >"$conf/site/listen-http.conf"
  sed -E "s/^listen 443 /listen 127.0.0.1:${https_port} /" nginx/site/listen-https.conf >"$conf/site/listen-https.conf"
  sed -E "s/^listen 8081;/listen 127.0.0.1:${status_port};/" nginx/site/listen-status.conf >"$conf/site/listen-status.conf"
  sed "s#/etc/nginx/certs/#${WORK}/certs/#" nginx/site/tls.conf >"$conf/site/tls.conf"
  local rendered
  rendered="$(cat "$conf"/site/*.conf)"
  for want in "127.0.0.1:${api_port}" "$html" "$acme" "127.0.0.1:${http_port}" "127.0.0.1:${https_port} ssl" \
    "127.0.0.1:${status_port}" "${WORK}/certs/tls.crt"; do
    grep -qF -- "$want" <<<"$rendered" || { fail "nginx: site/ rendered for the test (${want} missing)"; return; }
  done
  pass "nginx: site/ rendered for the test (only deployment values changed)"

  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -keyout "${WORK}/certs/tls.key" -out "${WORK}/certs/tls.crt" >/dev/null 2>&1
  printf '<!doctype html><html><head><title>roo-spa-index</title></head><body><div id="root"></div></body></html>\n' >"$html/index.html"
  node -e 'process.stdout.write("console.log(1);".repeat(400))' >"$html/assets/index-abc123.js"
  printf 'acme-token-content\n' >"$acme/.well-known/acme-challenge/tok123"
  printf 'SECRET=1\n' >"$html/.env"
  chmod -R a+rX "$WORK"

  local ngx=(nginx -p "${WORK}/prefix" -c "$conf/nginx.conf" -e "${WORK}/nginx-error.log")
  run_check "nginx -t on the real config (nginx $(nginx -v 2>&1 | grep -oE '[0-9.]+$'))" "${ngx[@]}" -t -g "pid ${NGINX_PID_FILE};"

  # Stand-in API: echoes what nginx forwarded; answers the WebSocket upgrade with 101.
  cat >"${WORK}/standin.mjs" <<'JS'
import http from 'node:http';
import { createHash } from 'node:crypto';
const server = http.createServer((req, res) => {
  let size = 0;
  req.on('data', (c) => { size += c.length; });
  req.on('end', () => {
    // Like the API (helmet): its own copy of headers nginx sets too; only one may reach the client.
    res.writeHead(200, { 'content-type': 'application/json', 'x-upstream': 'standin',
      'strict-transport-security': 'max-age=15552000; includeSubDomains', 'x-content-type-options': 'nosniff' });
    res.end(JSON.stringify({ standin: true, url: req.url, bodyBytes: size, headers: req.headers }));
  });
});
server.on('upgrade', (req, socket) => {
  const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nX-Upstream: standin\r\nX-Seen-Request-Id: ${req.headers['x-request-id'] ?? ''}\r\n\r\n`);
  setTimeout(() => socket.destroy(), 200);
});
server.listen(Number(process.argv[2]), '127.0.0.1');
JS
  node "${WORK}/standin.mjs" "$api_port" &
  STANDIN_PID=$!

  "${ngx[@]}" -g "pid ${NGINX_PID_FILE}; daemon off;" >"$log" 2>"${WORK}/nginx-stderr.log" &

  for _ in $(seq 1 50); do
    if curl -s -o /dev/null "http://127.0.0.1:${status_port}/healthz" && curl -s -o /dev/null "http://127.0.0.1:${api_port}/"; then break; fi
    sleep 0.1
  done
  if ! curl -sf -o /dev/null "http://127.0.0.1:${status_port}/healthz"; then
    fail "nginx: starts with the real config" "$(cat "${WORK}/nginx-stderr.log" "${WORK}/nginx-error.log" 2>/dev/null)"
    return
  fi
  pass "nginx: starts with the real config on 127.0.0.1 (ports ${http_port}/${https_port}/${status_port})"

  local H="https://127.0.0.1:${https_port}" c=(curl -sk --max-time 5) out

  out="$("${c[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:${http_port}/workspaces/1?tab=files")"
  expect "nginx: HTTP redirects to HTTPS (301, path and query kept)" "$out" '^301 https://127\.0\.0\.1/workspaces/1\?tab=files$'
  out="$("${c[@]}" -w '\n%{http_code}' "http://127.0.0.1:${http_port}/.well-known/acme-challenge/tok123")"
  expect "nginx: ACME http-01 challenge answered on HTTP (no redirect)" "$out" 'acme-token-content'

  local root_headers
  root_headers="$("${c[@]}" -D - -o /dev/null "$H/")"
  expect "nginx: HSTS header" "$root_headers" '^strict-transport-security: max-age=[0-9]{7,}'
  expect "nginx: CSP with frame-ancestors 'none'" "$root_headers" "^content-security-policy: .*frame-ancestors 'none'"
  expect "nginx: CSP allows the same-origin WebSocket (connect-src 'self' wss://host)" "$root_headers" "^content-security-policy: .*connect-src 'self' wss://127\.0\.0\.1"
  expect "nginx: CSP scripts only from self" "$root_headers" "^content-security-policy: .*script-src 'self';"
  expect "nginx: X-Content-Type-Options nosniff" "$root_headers" '^x-content-type-options: nosniff'
  expect "nginx: Referrer-Policy" "$root_headers" '^referrer-policy: strict-origin-when-cross-origin'
  expect "nginx: Server header without version" "$root_headers" '^server: nginx\s*$'
  out="$("${c[@]}" "$H/assets/missing-file.js")"
  expect_not "nginx: error pages do not leak the version" "$out" 'nginx/[0-9]'
  expect "nginx: index.html (/) is no-cache" "$root_headers" '^cache-control: no-cache'
  out="$("${c[@]}" -D - -o /dev/null "$H/index.html")"
  expect "nginx: /index.html is no-cache" "$out" '^cache-control: no-cache'

  out="$("${c[@]}" -D - -o /dev/null -H 'Accept-Encoding: gzip' "$H/assets/index-abc123.js")"
  expect "nginx: /assets/ long immutable cache" "$out" '^cache-control: public, max-age=31536000, immutable'
  expect "nginx: /assets/ keeps the security headers (add_header inheritance)" "$out" '^content-security-policy: '
  expect "nginx: gzip for JavaScript" "$out" '^content-encoding: gzip'

  out="$("${c[@]}" -w '\n%{http_code}' "$H/workspaces/42/tasks/7")"
  expect "nginx: SPA fallback serves index.html for client routes" "$out" 'roo-spa-index'
  out="$("${c[@]}" -o /dev/null -w '%{http_code}' "$H/.env")"
  expect "nginx: dotfiles are not served" "$out" '^404$'

  out="$("${c[@]}" -D - "$H/api/v1/ping")"
  expect "nginx: /api proxied to the API upstream" "$out" '"standin":true'
  expect "nginx: X-Forwarded-Proto https sent upstream" "$out" '"x-forwarded-proto":"https"'
  expect "nginx: exactly one Strict-Transport-Security header on API responses" "$(grep -ci '^strict-transport-security:' <<<"$out")" '^1$'
  expect "nginx: exactly one X-Content-Type-Options header on API responses" "$(grep -ci '^x-content-type-options:' <<<"$out")" '^1$'
  expect "nginx: generated X-Request-Id forwarded when absent" "$out" '"x-request-id":"[0-9a-f]{32}"'
  local rid
  rid="$(grep -oiE '^x-request-id: [0-9a-f]{32}' <<<"$out" | awk '{print $2}')"
  expect "nginx: response X-Request-Id equals the forwarded one" "$out" "\"x-request-id\":\"${rid:-none}\""
  out="$("${c[@]}" -H 'X-Forwarded-For: 6.6.6.6' "$H/api/v1/ping")"
  expect "nginx: a client's X-Forwarded-For is replaced by its address (the API trusts one hop)" "$out" '"x-forwarded-for":"127\.0\.0\.1"'
  out="$("${c[@]}" "$H/health/live")"
  expect "nginx: /health/ proxied to the API" "$out" '"url":"/health/live"'
  out="$("${c[@]}" -H 'X-Request-Id: test-req-0123456789' "$H/api/v1/ping")"
  expect "nginx: client X-Request-Id forwarded unchanged" "$out" '"x-request-id":"test-req-0123456789"'
  out="$("${c[@]}" -H 'X-Request-Id: bad id with spaces' "$H/api/v1/ping")"
  expect "nginx: malformed X-Request-Id replaced by a generated one" "$out" '"x-request-id":"[0-9a-f]{32}"'

  out="$(head -c 2097152 /dev/zero | "${c[@]}" -X PUT --data-binary @- -H 'Content-Type: application/octet-stream' \
    -w '\n%{http_code}' "$H/api/v1/workspaces/w/files/content?path=a.bin")"
  expect "nginx: 2 MB upload reaches the API" "$out" '"bodyBytes":2097152'
  out="$(head -c 52428801 /dev/zero | "${c[@]}" -X PUT --data-binary @- -H 'Content-Type: application/octet-stream' \
    -o /dev/null -w '%{http_code}' "$H/api/v1/workspaces/w/files/content?path=b.bin")"
  expect "nginx: body over 50 MB rejected with 413" "$out" '^413$'

  # WebSocket upgrade through /socket.io/ (HTTP/1.1 over TLS, raw handshake).
  out="$(node -e '
    const tls = require("node:tls");
    const [port] = process.argv.slice(1);
    const s = tls.connect({ host: "127.0.0.1", port: Number(port), rejectUnauthorized: false, ALPNProtocols: ["http/1.1"] }, () => {
      s.write("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
    });
    let buf = "";
    s.on("data", (d) => { buf += d; if (buf.includes("\r\n\r\n")) { console.log(buf.split("\r\n\r\n")[0]); s.destroy(); } });
    s.on("error", (e) => { console.log("error " + e.message); });
    setTimeout(() => { console.log(buf || "timeout"); process.exit(0); }, 3000).unref();' "$https_port")"
  expect "nginx: WebSocket upgrade through /socket.io reaches the upstream (101)" "$out" '^HTTP/1\.1 101'
  expect "nginx: WebSocket answer comes from the upstream" "$out" '^x-upstream: standin'
  expect "nginx: WebSocket handshake carries X-Request-Id" "$out" '^x-seen-request-id: [0-9a-f]{32}'

  local codes=""
  for _ in $(seq 1 16); do
    codes+="$("${c[@]}" -o /dev/null -w '%{http_code} ' -X POST -H 'Content-Type: application/json' -d '{}' "$H/api/v1/auth/login")"
  done
  expect "nginx: auth endpoints allow the burst (first request 200)" "$codes" '^200 '
  expect "nginx: auth rate limit answers 429 after the burst" "$codes" '429'
  out="$("${c[@]}" -D - -X POST -H 'Content-Type: application/json' -d '{}' "$H/api/v1/auth/login")"
  expect "nginx: 429 uses the API error shape with a request id and Retry-After" "$out" '"statusCode":429,.*"requestId":"[0-9a-f]{32}"'
  expect "nginx: 429 has Retry-After" "$out" '^retry-after: '
  # Every spelling of a password endpoint the API could route (or that nginx normalises to
  # one) is under the strict zone, which the loop above has used up.
  local p
  for p in /api/v1/auth/Login /api/v1/auth/login/ /api/v1/AUTH/REGISTER /api/v1//auth/login /api/v1/auth/%6Cogin; do
    out="$("${c[@]}" -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{}' "$H$p")"
    expect "nginx: $p is under the auth rate limit" "$out" '^429$'
  done
  out="$("${c[@]}" -o /dev/null -w '%{http_code}' "$H/api/v1/workspaces")"
  expect "nginx: other API routes unaffected by the auth limit" "$out" '^200$'
  out="$("${c[@]}" -o /dev/null -w '%{http_code}' -X POST "$H/api/v1/auth/refresh")"
  expect "nginx: token refresh (every page load) is not under the strict auth limit" "$out" '^200$'

  out="$("${c[@]}" "http://127.0.0.1:${status_port}/stub_status")"
  expect "nginx: stub_status on the internal status port" "$out" '^Active connections'
  out="$("${c[@]}" "$H/stub_status")"
  expect_not "nginx: stub_status not on the public port" "$out" 'Active connections'

  # API down: nginx answers in the API's error shape.
  kill "$STANDIN_PID" 2>/dev/null || true
  wait "$STANDIN_PID" 2>/dev/null || true
  STANDIN_PID=""
  out="$("${c[@]}" -w '\n%{http_code}' "$H/api/v1/ping")"
  expect "nginx: API unreachable gives a JSON 503 with a request id" "$out" '"statusCode":503.*"requestId":"[0-9a-f]{32}"'

  # Share tokens (path segment after /shared/) never reach the access log, nor through the Referer.
  "${c[@]}" -o /dev/null "$H/api/v1/shared/rs_LOGSECRET1" || true
  "${c[@]}" -o /dev/null -H "Referer: https://127.0.0.1/shared/rs_LOGSECRET2?x=1" "$H/assets/none.js" || true
  sleep 0.2
  out="$(grep -c 'shared/\[redacted\]' "$log" || true) $(grep -c 'LOGSECRET' "$log" || true)"
  expect "nginx: share tokens masked in the access log (path and Referer)" "$out" '^2 0$'
  out="$(node -e '
    const lines = require("node:fs").readFileSync(process.argv[1], "utf8").trim().split("\n").filter(Boolean);
    const bad = lines.filter((l) => { try { JSON.parse(l); return false; } catch { return true; } });
    const api = lines.map((l) => { try { return JSON.parse(l); } catch { return {}; } }).filter((e) => e.uri === "/api/v1/ping");
    const e = api[0] ?? {};
    const ok = lines.length > 0 && bad.length === 0 && /^[0-9a-f]{32}$|^test-req/.test(e.request_id ?? "") &&
      typeof e.request_time === "number" && e.upstream_response_time !== undefined && e.upstream_response_time !== "";
    console.log(ok ? "access-log-ok" : "bad: " + JSON.stringify({ lines: lines.length, bad: bad.slice(0, 2), e }));' "$log")"
  expect "nginx: JSON access log with request_id, request_time, upstream_response_time" "$out" '^access-log-ok$'
}
if need nginx && need curl && need openssl; then
  nginx_checks
fi

echo
echo "${PASSED} passed, ${FAILED} failed"
[ "$FAILED" -eq 0 ]
