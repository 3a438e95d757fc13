import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, PASSWORD, signUp, type Session } from '../../test/clients.js';
import { startApi, type TestApi } from '../../test/harness.js';

/**
 * Issue 13, finding 11: five wrong passwords from a stranger must not lock the owner out.
 * The test client is the trusted proxy hop (TRUSTED_PROXIES=loopback), so X-Forwarded-For
 * stands for the caller's address.
 */
describe('sign-in limits a stranger cannot turn against the owner', () => {
  let api: TestApi;
  let owner: Session;

  beforeAll(async () => {
    api = await startApi({
      LOG_LEVEL: 'silent',
      LOGIN_ATTEMPTS_PER_ACCOUNT_PER_MINUTE: '5',
      LOGIN_DELAY_AFTER_FAILURES: '3',
      LOGIN_DELAY_BASE_MS: '300',
      LOGIN_DELAY_MAX_MS: '600',
    });
    owner = await signUp(api);
  });
  afterAll(() => api?.close());

  const login = (from: string, password: string, email = owner.email) =>
    http(api).post('/api/v1/auth/login').set('X-Forwarded-For', from).send({ email, password });
  const timed = async (p: PromiseLike<{ status: number }>) => {
    const t = performance.now();
    const r = await p;
    return { status: r.status, ms: performance.now() - t };
  };

  it("counts failures per (account, source) and only slows the account, so the owner's password still works", async () => {
    const stranger = '203.0.113.66';
    for (let i = 0; i < 5; i++) expect((await login(stranger, `wrong password ${i}`)).status).toBe(401);
    // The stranger's source is spent for this account…
    const blocked = await login(stranger, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);

    // …but the owner, from their own address, signs in: slowed (5 failures ≥ 3), not refused.
    const mine = await timed(login('198.51.100.7', PASSWORD));
    expect(mine.status).toBe(200);
    expect(mine.ms).toBeGreaterThanOrEqual(550); // 300 ms · 2^(5−3), capped at 600 ms

    // Another source guessing is slowed the same (the delay is per account, from anywhere)…
    const other = await timed(login('192.0.2.44', 'still wrong 123'));
    expect(other.status).toBe(401);
    expect(other.ms).toBeGreaterThanOrEqual(550);
    // …and an account without failures is not.
    const fresh = await signUp(api);
    const quick = await timed(login('192.0.2.44', PASSWORD, fresh.email));
    expect(quick.status).toBe(200);
    expect(quick.ms).toBeLessThan(550);
  }, 30_000);
});
