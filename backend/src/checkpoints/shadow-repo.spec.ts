import { randomBytes } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { regularFiles, ShadowRepo } from './shadow-repo.js';

/** Every regular file of a folder with its bytes. */
const contents = async (root: string) =>
  Object.fromEntries((await regularFiles(root)).map((p) => [p, readFileSync(join(root, p))]));

const put = (root: string, path: string, data: string | Buffer) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), data);
};

describe('ShadowRepo (real git, a folder as the working copy)', () => {
  let base: string;
  let work: string;
  let repo: ShadowRepo;

  beforeEach(async () => {
    base = mkdtempSync(join(tmpdir(), 'roo-shadow-'));
    work = join(base, 'copy');
    mkdirSync(work);
    repo = new ShadowRepo(join(base, 'shadow.git'), work);
    await repo.init();
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('round-trips a binary file, non-ASCII names, CRLF under a hostile .gitattributes, and deletions byte for byte', async () => {
    const binary = randomBytes(300_000);
    binary[10] = 0; // NUL bytes: git must treat it as binary and keep it exact
    put(work, 'bin/data.bin', binary);
    put(work, 'docs/résumé – ünïcödé 日本.md', 'héllo\n');
    put(work, 'crlf.txt', 'one\r\ntwo\r\n');
    put(work, '.gitattributes', '* text eol=lf\n*.bin filter=evil\n');
    put(work, 'gone/soon.txt', 'delete me');
    put(work, 'with space/and\ttab.txt', 'odd name');
    const first = await repo.snapshot('start');
    expect(first).not.toBeNull();
    const before = await contents(work);

    // The agent changes things: edits, deletes, adds, turns a file into a folder.
    put(work, 'bin/data.bin', randomBytes(1000));
    rmSync(join(work, 'gone'), { recursive: true });
    rmSync(join(work, 'docs/résumé – ünïcödé 日本.md'));
    rmSync(join(work, 'crlf.txt'));
    put(work, 'crlf.txt/now-a-folder.txt', 'x');
    put(work, 'new.txt', 'new');
    const second = await repo.snapshot('step');
    expect(second!.files.map((f) => `${f.status} ${f.path}`).sort()).toEqual(
      [
        'M bin/data.bin',
        'D crlf.txt',
        'A crlf.txt/now-a-folder.txt',
        'D docs/résumé – ünïcödé 日本.md',
        'D gone/soon.txt',
        'A new.txt',
      ].sort(),
    );
    expect(await repo.snapshot('nothing new')).toBeNull();

    const { checkpoint } = await repo.restore(first!.commit);
    const after = await contents(work);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const [path, data] of Object.entries(before)) expect(after[path].equals(data), path).toBe(true);
    // The restore is itself a checkpoint, on top of the history (nothing is rewritten).
    expect(checkpoint!.parent).not.toBe(first!.commit);
    expect((await repo.changes(first!.commit, checkpoint!.commit)).length).toBe(0);
  });

  it('restores one file and leaves the rest alone', async () => {
    put(work, 'a.txt', 'a1');
    put(work, 'b.txt', 'b1');
    const first = await repo.snapshot('start');
    put(work, 'a.txt', 'a2');
    put(work, 'b.txt', 'b2');
    await repo.snapshot('step');
    const { files } = await repo.restore(first!.commit, 'a.txt');
    expect(files).toEqual([{ status: 'M', path: 'a.txt' }]);
    expect(readFileSync(join(work, 'a.txt'), 'utf8')).toBe('a1');
    expect(readFileSync(join(work, 'b.txt'), 'utf8')).toBe('b2');
  });

  it('never records or follows symlinks, and keeps a nested .git out', async () => {
    put(work, 'real.txt', 'real');
    symlinkSync('/', join(work, 'root-link'));
    symlinkSync('/etc/passwd', join(work, 'passwd-link'));
    put(work, 'sub/.git/HEAD', 'ref: refs/heads/main\n');
    put(work, 'sub/file.txt', 'inside a nested repo');
    const snap = await repo.snapshot('start');
    expect(snap!.files.map((f) => f.path).sort()).toEqual(['real.txt', 'sub/file.txt']);

    // A restore must not write through a symlink the agent put where a folder was.
    put(work, 'dir/x.txt', 'x');
    const withDir = await repo.snapshot('dir');
    rmSync(join(work, 'dir'), { recursive: true });
    const outside = mkdtempSync(join(tmpdir(), 'roo-outside-'));
    symlinkSync(outside, join(work, 'dir'));
    await repo.restore(withDir!.commit);
    expect(lstatSync(join(work, 'dir')).isDirectory()).toBe(true);
    expect(readFileSync(join(work, 'dir/x.txt'), 'utf8')).toBe('x');
    expect(existsSync(join(outside, 'x.txt'))).toBe(false);
    rmSync(outside, { recursive: true, force: true });
  });

  it('moves between processes as incremental bundles', async () => {
    put(work, 'a.txt', 'one');
    const c1 = (await repo.snapshot('1'))!.commit;
    const b1 = await repo.bundle(null);
    put(work, 'a.txt', 'two');
    const c2 = (await repo.snapshot('2'))!.commit;
    const b2 = await repo.bundle(c1);
    expect(b2.length).toBeLessThan(b1.length + 500);

    const other = new ShadowRepo(join(base, 'other.git'), join(base, 'copy2'));
    mkdirSync(join(base, 'copy2'));
    await other.init();
    await other.unbundle(b1, c1);
    await other.unbundle(b2, c2);
    expect(await other.head()).toBe(c2);
    expect((await other.readFile(c1, 'a.txt'))!.toString()).toBe('one');
    const { patch } = await other.diff(c2);
    expect(patch).toContain('-one');
    expect(patch).toContain('+two');
  });
});
