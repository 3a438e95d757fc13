import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ContentCache } from './content-cache.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const bytes = (n: number, fill: string) => Buffer.alloc(n, fill);

describe('ContentCache', () => {
  it('serves what it kept, by hash', () => {
    const cache = new ContentCache(16 * 1024);
    const a = bytes(100, 'a');
    expect(cache.put(sha(a), a)).toBe(true);
    expect(cache.get(sha(a))?.equals(a)).toBe(true);
    expect(cache.get(sha(bytes(100, 'b')))).toBeUndefined();
  });

  it('refuses bytes whose hash is not the one named (a read that raced an overwrite)', () => {
    const cache = new ContentCache(16 * 1024);
    const older = bytes(100, 'a');
    expect(cache.put(sha(older), bytes(100, 'b'))).toBe(false);
    expect(cache.get(sha(older))).toBeUndefined();
  });

  it('refuses files above its per-entry size', () => {
    const cache = new ContentCache(16 * 1024); // entries up to 1 KiB
    expect(cache.fits(1024)).toBe(true);
    expect(cache.fits(1025)).toBe(false);
    const big = bytes(1025, 'x');
    expect(cache.put(sha(big), big)).toBe(false);
  });

  it('stays within its byte budget, dropping the least recently used first', () => {
    const cache = new ContentCache(16 * 1024);
    const files = Array.from({ length: 20 }, (_, i) => bytes(1000, String.fromCharCode(97 + i)));
    for (const f of files.slice(0, 16)) cache.put(sha(f), f);
    cache.get(sha(files[0])); // the oldest becomes the most recently used
    for (const f of files.slice(16)) cache.put(sha(f), f);
    expect(cache.size.bytes).toBeLessThanOrEqual(16 * 1024);
    expect(cache.get(sha(files[0]))).toBeDefined();
    expect(cache.get(sha(files[1]))).toBeUndefined();
    expect(cache.get(sha(files[19]))).toBeDefined();
  });
});
