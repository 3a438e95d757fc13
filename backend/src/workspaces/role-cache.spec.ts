import { afterEach, describe, expect, it, vi } from 'vitest';
import { RoleCache } from './role-cache.js';

describe('RoleCache', () => {
  afterEach(() => vi.useRealTimers());

  it('returns a cached role until the TTL passes', () => {
    vi.useFakeTimers();
    const c = new RoleCache(1000);
    c.set('w1', 'u1', 'admin');
    expect(c.get('w1', 'u1')).toBe('admin');
    expect(c.get('w1', 'u2')).toBeUndefined();
    vi.advanceTimersByTime(1001);
    expect(c.get('w1', 'u1')).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it('drops every entry of a workspace, and only of that one', () => {
    const c = new RoleCache(60_000);
    c.set('w1', 'u1', 'owner');
    c.set('w1', 'u2', 'viewer');
    c.set('w10', 'u1', 'member');
    c.dropWorkspace('w1');
    expect(c.get('w1', 'u1')).toBeUndefined();
    expect(c.get('w1', 'u2')).toBeUndefined();
    expect(c.get('w10', 'u1')).toBe('member');
  });

  it('is off with a TTL of 0 and bounded in size', () => {
    const off = new RoleCache(0);
    off.set('w', 'u', 'owner');
    expect(off.get('w', 'u')).toBeUndefined();
    const small = new RoleCache(60_000, 2);
    small.set('w', 'a', 'viewer');
    small.set('w', 'b', 'viewer');
    small.set('w', 'c', 'viewer');
    expect(small.size).toBe(2);
    expect(small.get('w', 'a')).toBeUndefined();
    expect(small.get('w', 'c')).toBe('viewer');
  });
});
