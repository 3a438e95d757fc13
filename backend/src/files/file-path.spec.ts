import { describe, expect, it } from 'vitest';
import { BadInputError } from '../common/errors/domain-errors.js';
import { contentTypeFor, normalizePath, normalizePrefix } from './file-path.js';

describe('normalizePath', () => {
  it('keeps ordinary relative paths', () => {
    expect(normalizePath('src/app.ts')).toBe('src/app.ts');
    expect(normalizePath('./README.md')).toBe('README.md');
    expect(normalizePath('dir with spaces/ünïcode.txt')).toBe('dir with spaces/ünïcode.txt');
    expect(normalizePath(' leading space.md')).toBe(' leading space.md');
    expect(normalizePath('עברית/שלום.txt')).toBe('עברית/שלום.txt');
  });

  it.each([
    ['..', /'\.\.'/],
    ['a/../b', /'\.\.'/],
    ['/abs', /relative/],
    ['a\\b', /backslash/],
    ['a//b', /empty/],
    ['a/\u0000', /control/],
    [`${'n'.repeat(256)}`, /255 bytes/],
    [`${'a/'.repeat(520)}b`, /1024 bytes/],
    ['', /required/],
    ['\u202etxt.exe', /bidirectional/],
    ['docs/a\u2066b.md', /bidirectional/],
    ['a\u200fb', /bidirectional/],
    ['a\u0085b', /control/],
    ['a\u2028b', /control/],
    [' ', /blank/],
    ['src/   /x.ts', /blank/],
    ['\u3000', /blank/],
    ['a/\u200b', /blank/],
  ])('rejects %j', (input, message) => {
    expect(() => normalizePath(input)).toThrow(BadInputError);
    expect(() => normalizePath(input)).toThrow(message);
  });

  it('rejects non-strings', () => {
    expect(() => normalizePath(undefined)).toThrow(BadInputError);
    expect(() => normalizePath(['a'])).toThrow(BadInputError);
  });

  it('turns folders into prefixes', () => {
    expect(normalizePrefix(undefined)).toBe('');
    expect(normalizePrefix('src')).toBe('src/');
    expect(normalizePrefix('src/lib/')).toBe('src/lib/');
    expect(() => normalizePrefix('../x')).toThrow(BadInputError);
  });

  it('derives the content type from the name, not from the client', () => {
    expect(contentTypeFor('a/b.ts')).toBe('text/typescript');
    expect(contentTypeFor('page.HTML')).toBe('text/html');
    expect(contentTypeFor('Makefile')).toBe('application/octet-stream');
  });
});
