import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { isBlockedAddress, resolvePublic } from './egress.js';
import { checkBranchName, parseRemote, remoteUrl, taskBranchName } from './remote-url.js';

const gitAccepts = (name: string) => {
  try {
    execFileSync('git', ['check-ref-format', `refs/heads/${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

describe('parseRemote', () => {
  it('accepts https and ssh forms and never keeps credentials', () => {
    expect(remoteUrl(parseRemote('https://github.com/acme/app.git'))).toBe('https://github.com/acme/app.git');
    expect(remoteUrl(parseRemote('git@github.com:acme/app.git'))).toBe('git@github.com:acme/app.git');
    expect(remoteUrl(parseRemote('ssh://git@gitlab.example.com:2222/g/sub/app.git'))).toBe(
      'ssh://git@gitlab.example.com:2222/g/sub/app.git',
    );
  });

  it.each([
    ['file:///etc/passwd', 'scheme'],
    ['/srv/repos/app.git', 'https://'],
    ['../app.git', 'https://'],
    ['git://github.com/a/b.git', 'scheme'],
    ['ext::sh -c touch% /tmp/pwned', 'spaces'],
    ['https://user:ghp_secret@github.com/a/b.git', 'credentials'],
    ['https://ghp_secret@github.com/a/b.git', 'credentials'],
    ['http://github.com/a/b.git', 'plain http'],
    ['--upload-pack=touch /tmp/x', 'spaces'],
    ['-uhttps://github.com/a/b.git', 'must not start'],
    ['ssh://-oProxyCommand=touch@x/a', 'invalid'],
    ['git@-oProxyCommand=x:a/b', 'invalid host'],
    ['https://github.com/a/b.git?x=1', 'query'],
    ['https://github.com/--upload-pack=x', 'invalid repository path'],
  ])('refuses %s', (url, why) => {
    expect(() => parseRemote(url)).toThrow(new RegExp(why));
  });

  it('allows plain http only to a trusted host:port', () => {
    expect(parseRemote('http://127.0.0.1:9/a.git', ['127.0.0.1:9']).scheme).toBe('http');
    expect(() => parseRemote('http://127.0.0.1:10/a.git', ['127.0.0.1:9'])).toThrow(/plain http/);
  });
});

describe('egress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fd00:ec2::254',
    'fe80::1',
    '::ffff:127.0.0.1',
    '224.0.0.1',
  ])('blocks %s', (ip) => expect(isBlockedAddress(ip)).toBe(true));

  it('lets public addresses through', () => {
    expect(isBlockedAddress('140.82.112.3')).toBe(false);
    expect(isBlockedAddress('2606:4700::1111')).toBe(false);
  });

  it('refuses a name resolving to loopback unless that host:port is trusted', async () => {
    await expect(resolvePublic('localhost', 443, [])).rejects.toThrow(/private, loopback/);
    await expect(resolvePublic('127.0.0.1', 443, [])).rejects.toThrow(/private, loopback/);
    expect(await resolvePublic('127.0.0.1', 8080, ['127.0.0.1:8080'])).toEqual(['127.0.0.1']);
  });
});

describe('checkBranchName', () => {
  const names = [
    'main',
    'roo/abc-fix',
    'feature/x.y',
    'a..b',
    'a/.hidden',
    'x.lock',
    'a//b',
    'end/',
    'end.',
    'sp ace',
    'ti~lde',
    'car^et',
    'co:lon',
    'q?',
    'st*r',
    'br[acket',
    'back\\slash',
    'at@{1}',
    'ok@name',
    'üñí/çødé',
    '/lead',
    'tab\tname',
  ];
  it.each(names)('agrees with git check-ref-format on %j', (name) => {
    let ours = true;
    try {
      checkBranchName(name);
    } catch {
      ours = false;
    }
    expect(ours).toBe(gitAccepts(name));
  });

  it.each(['--upload-pack=touch /tmp/x', '-f', '-delete', '@', 'HEAD'])(
    'refuses option-looking or reserved %j',
    (name) => {
      expect(() => checkBranchName(name)).toThrow(/valid branch name/);
    },
  );

  it('names a task branch roo/<short id>-<slug>', () => {
    expect(taskBranchName('0123456789abcdef', 'Fix the Login bug! (urgent)')).toBe(
      'roo/01234567-fix-the-login-bug-urgent',
    );
  });
});
