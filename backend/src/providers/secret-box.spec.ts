import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyHint, SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32).toString('base64'));

  it('round-trips and never shows the plain text', () => {
    const sealed = box.seal('sk-live-1234567890abcdef');
    expect(sealed).not.toContain('sk-live');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(box.open(sealed)).toBe('sk-live-1234567890abcdef');
  });

  it('uses a fresh IV each time', () => {
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('refuses a tampered value', () => {
    const parts = box.seal('sk-secret-value').split('.');
    const data = Buffer.from(parts[3], 'base64url');
    data[0] ^= 1;
    parts[3] = data.toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
  });

  it('refuses a value sealed with another key', () => {
    const other = new SecretBox(randomBytes(32).toString('base64'));
    expect(() => box.open(other.seal('x'))).toThrow();
  });

  it('refuses keys of the wrong length', () => {
    expect(() => new SecretBox(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });

  it('hints at a key without revealing it', () => {
    expect(keyHint('sk-proj-abcdefghijklmnop1234')).toBe('sk-…1234');
    expect(keyHint('short')).toBe('…');
    expect(keyHint('abcdefghijklmnopqrstuvwxyz')).toBe('…wxyz');
  });
});
