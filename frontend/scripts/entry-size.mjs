#!/usr/bin/env node
// Prints the size of the entry chunk (the JS that index.html loads first) and fails above the budget.
// Usage: node scripts/entry-size.mjs [distDir]   (run after `vite build`)
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const BUDGET_GZIP = 200 * 1024;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const entries = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => m[1]);
const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
if (entries.length === 0) {
  console.error('no module script in dist/index.html');
  process.exit(1);
}

const size = (url) => {
  const buf = readFileSync(join(dist, url.replace(/^\//, '')));
  return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
};
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;

let initialGzip = 0;
for (const [label, list] of [
  ['entry', entries],
  ['preload', preloads],
  ['css', css],
]) {
  for (const url of list) {
    const s = size(url);
    if (label !== 'css') initialGzip += s.gzip;
    console.log(
      `${label.padEnd(8)} ${url.padEnd(40)} ${kb(s.raw).padStart(10)}  gzip ${kb(s.gzip).padStart(9)}`,
    );
  }
}
const chunks = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'));
const lazyTotal = chunks.reduce((n, f) => n + statSync(join(dist, 'assets', f)).size, 0);
console.log(`initial JS (entry + preloads) gzip: ${kb(initialGzip)} (budget ${kb(BUDGET_GZIP)})`);
console.log(`all JS chunks: ${chunks.length} files, ${kb(lazyTotal)} raw (lazy-loaded per route)`);
if (initialGzip > BUDGET_GZIP) {
  console.error('entry chunk over budget');
  process.exit(1);
}
