/**
 * Shared helpers for the browser end-to-end specs (node:test + playwright-core + axe).
 * They drive the system's Chromium (CHROMIUM_PATH, else `chromium` on PATH) against BASE_URL, the nginx in
 * front of the built UI and the API; FAKE_LLM_URL is the scripted fake OpenAI-compatible server.
 */
import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { delimiter, dirname, join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`e2e: set ${name} (BASE_URL = nginx in front of UI + API, FAKE_LLM_URL = fake LLM server)`);
    process.exit(2);
  }
  return value.replace(/\/$/, '');
}

export const BASE_URL = required('BASE_URL');
export const FAKE_LLM_URL = required('FAKE_LLM_URL');
/** The model name the fake LLM answers to (any name works with most fakes). */
export const FAKE_MODEL = process.env.FAKE_LLM_MODEL ?? 'fake-model';
/**
 * The task prompt. The fake LLM (backend/test/fake-llm, started with `--read hello.txt --write hello.txt`)
 * plays its default script whatever the prompt: read the file, ask a follow-up question, write the file
 * with the answer (needs approval), complete. See docs/frontend.md "End-to-end".
 */
export const SCENARIO_PROMPT =
  process.env.E2E_PROMPT ??
  '[scenario:ask-then-edit] Ask me which greeting to use, then change "Hello world" in hello.txt to that greeting.';

const here = dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = join(here, '..', 'test-artifacts', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

/** The system Chromium (Debian's package): CHROMIUM_PATH, or the first chromium on PATH. */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['chromium', 'chromium-browser']) {
      if (dir && existsSync(join(dir, name))) return join(dir, name);
    }
  }
  console.error('e2e: no chromium on PATH; install the chromium package or set CHROMIUM_PATH');
  process.exit(2);
}

/**
 * The SHA-256 of the public key (SPKI, base64) in the certificate BASE_URL presents. The stack's nginx
 * uses a self-signed one: contexts pass ignoreHTTPSErrors for pages and fetches, but Chromium still
 * refuses to register a service worker from an origin with a certificate error ("An SSL certificate
 * error occurred when fetching the script"). Trusting exactly this key (not every bad certificate)
 * lets the push opt-in register /sw.js as it would on a trusted deployment.
 */
async function stackKeyPin(): Promise<string | null> {
  const url = new URL(BASE_URL);
  if (url.protocol !== 'https:') return null;
  return new Promise((resolve, reject) => {
    const socket = tlsConnect(
      {
        host: url.hostname,
        port: Number(url.port || 443),
        servername: url.hostname,
        rejectUnauthorized: false,
      },
      () => {
        const cert = socket.getPeerX509Certificate();
        socket.destroy();
        if (!cert) return reject(new Error(`e2e: ${BASE_URL} presented no certificate`));
        const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
        resolve(createHash('sha256').update(spki).digest('base64'));
      },
    );
    socket.on('error', reject);
  });
}

export async function launch(): Promise<Browser> {
  const pin = await stackKeyPin();
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      // Honoured only with a user data dir, which Playwright's launch always passes.
      ...(pin ? [`--ignore-certificate-errors-spki-list=${pin}`] : []),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function newContext(browser: Browser, kind: 'desktop' | 'phone'): Promise<BrowserContext> {
  // The local stack serves HTTPS with a self-signed certificate (the refresh cookie is Secure).
  const common = { baseURL: BASE_URL, ignoreHTTPSErrors: true };
  const ctx = await browser.newContext(
    kind === 'phone'
      ? { ...common, viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
      : { ...common, viewport: DESKTOP },
  );
  ctx.setDefaultTimeout(20_000);
  return ctx;
}

/** Runs axe (WCAG 2.1 A/AA) on the page; fails on serious or critical violations. */
export async function checkA11y(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad
    .map(
      (v) =>
        `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`,
    )
    .join('\n');
  assert.equal(bad.length, 0, `axe found serious/critical violations on ${name}:\n${report}`);
}

/** Screenshot + axe for one main page. */
export async function capture(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  await checkA11y(page, name);
}

export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

export async function signUp(page: Page, name: string, email: string, password: string): Promise<void> {
  await page.goto('/sign-up');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(/\/workspaces$/);
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/workspaces/);
}

/** Opens the main nav when it is a drawer (phone), so its links and buttons are reachable. */
export async function openNav(page: Page): Promise<void> {
  const menu = page.getByRole('button', { name: 'Menu' });
  if (await menu.isVisible()) await menu.click();
}

/** Runs a step; if it fails, saves a screenshot of every given page (failed-<name>-<n>.png) and rethrows. */
export async function withShots(
  pages: () => Array<Page | undefined>,
  name: string,
  fn: () => Promise<void>,
): Promise<void> {
  try {
    await fn();
  } catch (err) {
    let n = 0;
    for (const p of pages()) {
      n += 1;
      if (p && !p.isClosed()) {
        await p
          .screenshot({ path: join(SCREENSHOTS, `failed-${name}-${n}.png`), fullPage: true })
          .catch(() => undefined);
      }
    }
    throw err;
  }
}

/** A minimal ustar archive (regular files only), enough to test "import archive". */
export function tarArchive(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const body = Buffer.from(text);
    const header = Buffer.alloc(512);
    const put = (value: string, offset: number, length: number) =>
      header.write(value, offset, length, 'ascii');
    put(name, 0, 100);
    put('0000644\0', 100, 8);
    put('0000000\0', 108, 8);
    put('0000000\0', 116, 8);
    put(`${body.length.toString(8).padStart(11, '0')}\0`, 124, 12);
    put(
      `${Math.floor(Date.now() / 1000)
        .toString(8)
        .padStart(11, '0')}\0`,
      136,
      12,
    );
    put('        ', 148, 8);
    put('0', 156, 1);
    put('ustar\0', 257, 6);
    put('00', 263, 2);
    let sum = 0;
    for (const byte of header) sum += byte;
    put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request; the local stack's certificate is self-signed. */
export function call(
  url: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const u = new URL(url);
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      u,
      { method: init.method ?? 'GET', headers: init.headers, rejectUnauthorized: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
