#!/usr/bin/env bash
# Browser end-to-end run: the whole local stack (real nginx config, built UI, API,
# worker, Postgres/Redis/S3) on its own ports, the scripted fake LLM, and the
# Playwright specs in frontend/e2e driving Debian's Chromium. Screenshots go to
# frontend/test-artifacts/screenshots/.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"
use_node

export LOCAL_RUN_DIR="${LOCAL_RUN_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/roo-e2e.XXXXXX")}"
export LOCAL_HTTP_PORT=28080 LOCAL_HTTPS_PORT=28443 LOCAL_STATUS_PORT=28081 LOCAL_API_PORT=23000 \
  LOCAL_API_METRICS_PORT=29464 LOCAL_WORKER_METRICS_PORT=29465 \
  LOCAL_PG_PORT=25432 LOCAL_REDIS_PORT=26379 LOCAL_S3_PORT=24569 LOCAL_S3_BUCKET=roo-e2e \
  AUTH_RATE_LIMIT_PER_MINUTE=200 LOG_LEVEL=warn PROVIDER_EGRESS_ALLOW=127.0.0.1/32 # the fake LLM on loopback
FAKE_PORT=24010
# External sign-in: e2e/sso.test.ts starts a real OpenID provider on this port; the API
# knows it as provider "e2e" (plain http to loopback, test-only client secret).
E2E_OIDC_PORT=24020
E2E_OIDC_SECRET=e2e-only-client-secret-0123456789
# A real SMTP server the account e2e spec starts; the stack sends its mails there (no TLS on loopback).
E2E_SMTP_PORT=24030
export SMTP_HOST=127.0.0.1 SMTP_PORT="$E2E_SMTP_PORT" SMTP_TLS=none SMTP_USER=roo-test SMTP_PASSWORD=smtp-pass-123
export AUTH_PROVIDERS="[{\"id\":\"e2e\",\"kind\":\"oidc\",\"label\":\"Sign in with Test IdP\",\"issuer\":\"http://127.0.0.1:${E2E_OIDC_PORT}\",\"clientId\":\"roo-e2e\",\"clientSecret\":\"${E2E_OIDC_SECRET}\",\"allowHttp\":true,\"allowedDomains\":[\"example.com\"]}]"

cleanup() {
  [ -n "${fake_pid:-}" ] && kill "$fake_pid" 2>/dev/null
  bash "${ROOT}/scripts/local-stack.sh" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

node "${ROOT}/backend/test/fake-llm/cli.mjs" --port "$FAKE_PORT" --read hello.txt --write hello.txt >"${LOCAL_RUN_DIR}/fake-llm.log" 2>&1 &
fake_pid=$!
bash "${ROOT}/scripts/local-stack.sh" start

cd "${ROOT}/frontend"
E2E_SMTP_PORT="$E2E_SMTP_PORT" E2E_OIDC_PORT="$E2E_OIDC_PORT" E2E_OIDC_SECRET="$E2E_OIDC_SECRET" E2E_HTTP_URL="http://localhost:${LOCAL_HTTP_PORT}" BASE_URL="https://localhost:${LOCAL_HTTPS_PORT}" FAKE_LLM_URL="http://127.0.0.1:${FAKE_PORT}/v1" npm run --silent e2e
