import { describe, expect, it } from 'vitest';
import { BadInputError } from '../errors/domain-errors.js';
import { decodeCursor, encodeCursor } from './cursor.js';

const ID = '0b5e7c1a-3f4d-4e2a-9c8b-1a2b3c4d5e6f';
const raw = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');

describe('page cursors', () => {
  it('round-trip a key', () => {
    const key = { at: '2026-11-25T10:00:00.123Z', id: ID };
    expect(decodeCursor(encodeCursor(key))).toEqual(key);
    expect(decodeCursor(undefined)).toBeUndefined();
  });

  it('hand the database only a canonical time', () => {
    expect(decodeCursor(raw({ at: '2026-11-25 10:00:00Z', id: ID }))?.at).toBe('2026-11-25T10:00:00.000Z');
  });

  it.each([
    ['not base64 JSON', 'zzz'],
    ['a time nobody can read', raw({ at: 'yesterday-ish', id: ID })],
    ['an id of the right length that is no uuid', raw({ at: '2026-11-25T10:00:00Z', id: '-'.repeat(36) })],
    ['a missing id', raw({ at: '2026-11-25T10:00:00Z' })],
  ])('refuse %s with a 400', (_what, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(BadInputError);
  });
});
