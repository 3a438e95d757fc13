import { describe, expect, it } from 'vitest';
import { compileGlob, compileSearchRegex, globToRe2 } from './search-patterns.js';

const must = (r: ReturnType<typeof compileGlob>) => {
  if (!r.ok) throw new Error(r.error);
  return r.matcher;
};

/** Runs `fn` while a timer ticks every 10 ms: a blocked event loop would show as missing ticks. */
async function withTicks(fn: () => void): Promise<{ ms: number; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 10);
  const started = performance.now();
  try {
    await new Promise((r) => setTimeout(r, 30));
    fn();
    await new Promise((r) => setTimeout(r, 30));
  } finally {
    clearInterval(timer);
  }
  return { ms: performance.now() - started, ticks };
}

describe('model-supplied patterns run in linear time (ReDoS)', () => {
  it('matches ^(a+)+$ against a 31-byte line at once; a backtracking engine takes tens of seconds', async () => {
    const re = must(compileSearchRegex('^(a+)+$'));
    const line = `${'a'.repeat(30)}!`;
    let matched = true;
    const { ms, ticks } = await withTicks(() => {
      for (let i = 0; i < 100; i++) matched = re.test(line) && matched;
    });
    expect(matched).toBe(false);
    expect(re.test('aaaa')).toBe(true);
    // Generous bound: JavaScript's own engine needs ~1 minute for a single test of this line.
    expect(ms).toBeLessThan(1_000);
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it('matches a pathological glob against a 100-character path at once', async () => {
    const glob = `${'*a'.repeat(25)}*b`;
    const m = must(compileGlob(glob));
    const path = 'a'.repeat(100);
    let hit = true;
    const { ms, ticks } = await withTicks(() => {
      hit = m.test(path);
    });
    expect(hit).toBe(false);
    expect(ms).toBeLessThan(1_000);
    expect(ticks).toBeGreaterThanOrEqual(3);
  });

  it('keeps ordinary globs working', () => {
    const ts = must(compileGlob('*.ts'));
    expect(ts.test('src/app.ts')).toBe(true);
    expect(ts.test('src/app.tsx')).toBe(false);
    expect(must(compileGlob('src/**/*.spec.ts')).test('src/a/b/c.spec.ts')).toBe(true);
    expect(must(compileGlob('src/**/*.spec.ts')).test('src/c.spec.ts')).toBe(true);
    expect(must(compileGlob('src/**/*.spec.ts')).test('lib/c.spec.ts')).toBe(false);
    const braces = must(compileGlob('*.{js,mjs}'));
    expect(braces.test('a.mjs') && braces.test('x/b.js') && !braces.test('c.ts')).toBe(true);
    expect(must(compileGlob('file?.[ch]')).test('file1.c')).toBe(true);
    expect(must(compileGlob('[!a]*.md')).test('b.md')).toBe(true);
    expect(must(compileGlob('[!a]*.md')).test('a.md')).toBe(false);
    expect(must(compileGlob('(x).md')).test('(x).md')).toBe(true);
    expect(globToRe2('a.b')).toBe('(?:^|/)a\\.b$');
  });

  it('answers unsupported or oversized patterns with a reason the model can act on', () => {
    const look = compileSearchRegex('foo(?=bar)');
    expect(look).toMatchObject({ ok: false });
    expect(!look.ok && look.error).toMatch(/lookaround/);
    expect(compileSearchRegex('(a')).toMatchObject({ ok: false });
    expect(compileSearchRegex('a'.repeat(501))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/500/),
    });
    expect(compileGlob('*'.repeat(201))).toMatchObject({ ok: false });
    expect(must(compileSearchRegex('\\bfunction\\s+\\w+\\(')).test('export function foo(a)')).toBe(true);
  });
});
