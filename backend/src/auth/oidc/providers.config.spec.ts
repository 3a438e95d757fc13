import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/config.js';
import { safeReturnTo } from './sso.service.js';

const base = {
  DATABASE_URL: 'postgres://u:p@db:5432/roo',
  REDIS_URL: 'redis://redis:6379',
  S3_BUCKET: 'roo-files',
  S3_ACCESS_KEY: 'key',
  S3_SECRET_KEY: 'secret',
  JWT_SECRET: 'x'.repeat(32),
  ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
};
const providers = (list: unknown[]) =>
  loadConfig({ ...base, AUTH_PROVIDERS: JSON.stringify(list) }).AUTH_PROVIDERS;
const errorOf = (env: Record<string, string>) => {
  try {
    loadConfig({ ...base, ...env });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('AUTH_PROVIDERS', () => {
  it('is empty by default', () => {
    expect(loadConfig(base).AUTH_PROVIDERS).toEqual([]);
  });

  it('fills each kind’s defaults: Google’s issuer, GitHub’s web and API hosts, labels, scopes', () => {
    const [google, gh, ghe, kc] = providers([
      { id: 'google', kind: 'google', clientId: 'g', clientSecret: 's' },
      { id: 'github', kind: 'github', clientId: 'h', clientSecret: 's' },
      { id: 'ghe', kind: 'github', clientId: 'h', clientSecret: 's', url: 'https://git.corp.example/' },
      {
        id: 'kc',
        kind: 'oidc',
        label: 'Company SSO',
        issuer: 'https://id.example/realms/a',
        clientId: 'k',
        clientSecret: 's',
        scopes: ['email'],
      },
    ]);
    expect(google).toMatchObject({
      issuer: 'https://accounts.google.com',
      label: 'Continue with Google',
      scopes: ['openid', 'email', 'profile'],
    });
    expect(gh).toMatchObject({
      url: 'https://github.com',
      apiUrl: 'https://api.github.com',
      scopes: ['read:user', 'user:email'],
    });
    expect(ghe).toMatchObject({ url: 'https://git.corp.example', apiUrl: 'https://git.corp.example/api/v3' });
    // openid is always asked for: without it there is no ID token.
    expect(kc).toMatchObject({
      label: 'Company SSO',
      scopes: ['openid', 'email'],
      tokenAuthMethod: 'client_secret_basic',
    });
  });

  it('reads a client secret from clientSecretFile, and the whole list from AUTH_PROVIDERS_FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roo-sso-'));
    writeFileSync(join(dir, 'secret'), 'from-a-file\n');
    const list = [
      {
        id: 'sso',
        kind: 'oidc',
        issuer: 'https://id.example',
        clientId: 'c',
        clientSecretFile: join(dir, 'secret'),
      },
    ];
    expect(providers(list)[0].clientSecret).toBe('from-a-file');
    writeFileSync(join(dir, 'providers.json'), JSON.stringify(list));
    expect(
      loadConfig({ ...base, AUTH_PROVIDERS_FILE: join(dir, 'providers.json') }).AUTH_PROVIDERS[0].id,
    ).toBe('sso');
  });

  it('names the entry and field of each mistake, one line each, never the secret', () => {
    const msg = errorOf({
      AUTH_PROVIDERS: JSON.stringify([
        { id: 'a', kind: 'oidc', clientId: 'c', clientSecret: 'TOPSECRET' },
        { id: 'a', kind: 'github', clientId: 'c' },
        { id: 'b', kind: 'oidc', issuer: 'http://id.example', clientId: 'c', clientSecret: 'TOPSECRET' },
      ]),
    });
    expect(msg.split('\n')).toEqual([
      'config: AUTH_PROVIDERS.0.issuer: is required for an OIDC provider',
      'config: AUTH_PROVIDERS.1.id: "a" is used twice',
      'config: AUTH_PROVIDERS.1.clientSecret: is required (or clientSecretFile)',
      'config: AUTH_PROVIDERS.2.issuer: must be https (allowHttp: true for a local test provider)',
    ]);
    expect(msg).not.toContain('TOPSECRET');
    // Shape errors (checked first) name their field too.
    expect(
      errorOf({
        AUTH_PROVIDERS: JSON.stringify([
          { id: 'Bad Id', kind: 'saml', clientId: 'c', clientSecret: 'TOPSECRET' },
        ]),
      }),
    ).toMatch(
      /^config: AUTH_PROVIDERS\.0\.id: must be 1-32 characters[^]*^config: AUTH_PROVIDERS\.0\.kind: /m,
    );
    expect(errorOf({ AUTH_PROVIDERS: '{not json' })).toBe(
      'config: AUTH_PROVIDERS: must be a JSON list of providers (docs/auth.md)',
    );
  });

  it('returns only same-app paths after sign-in (no open redirect)', () => {
    expect(safeReturnTo('/workspaces/1?x=2')).toBe('/workspaces/1?x=2');
    for (const evil of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '/a b',
      undefined,
    ])
      expect(safeReturnTo(evil)).toBe('/workspaces');
  });
});
