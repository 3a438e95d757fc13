import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { chown, lstat, mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { normalizePath } from '../files/file-path.js';

/**
 * File-system helpers that never follow a link out of a working copy: every component is
 * checked with lstat, the last one opened with O_NOFOLLOW. A command may leave symlinks,
 * fifos, sockets or device nodes behind; none of them is read, written through or synced.
 */

export class UnsafePathError extends Error {}

/** Top-level folders that stay local (the git state belongs to the git feature, not the bucket). */
export const LOCAL_ONLY = new Set(['.git']);

export interface LocalFile {
  path: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

export interface Walk {
  files: LocalFile[];
  /** Entries that are not synced and why (symlink, device, bad name…). */
  skipped: { path: string; reason: string }[];
}

const kindOf = (st: { isSymbolicLink(): boolean; isFIFO(): boolean; isSocket(): boolean }) =>
  st.isSymbolicLink() ? 'a symbolic link' : st.isFIFO() ? 'a fifo' : st.isSocket() ? 'a socket' : 'a device';

/** Every regular file under `dir`, without following links. */
export async function walk(dir: string, prefix = ''): Promise<Walk> {
  const out: Walk = { files: [], skipped: [] };
  const stack: string[] = [prefix.replace(/\/$/, '')];
  while (stack.length) {
    const rel = stack.pop()!;
    const entries = await readdir(rel ? join(dir, rel) : dir, { withFileTypes: true }).catch(
      (e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT' || e.code === 'ENOTDIR') return [];
        throw e;
      },
    );
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && LOCAL_ONLY.has(e.name)) continue;
      if (e.isDirectory()) {
        stack.push(path);
        continue;
      }
      if (!e.isFile()) {
        out.skipped.push({ path, reason: `${path} is ${kindOf(e)}; not synced` });
        continue;
      }
      try {
        if (normalizePath(path) !== path) throw new Error('not in normal form');
      } catch (err) {
        out.skipped.push({ path, reason: `${path}: name not allowed (${(err as Error).message})` });
        continue;
      }
      const st = await lstat(join(dir, path));
      if (!st.isFile()) continue;
      out.files.push({ path, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, ino: st.ino });
    }
  }
  return out;
}

/** Checks that every folder on the way to `path` is a real folder inside the copy. */
export async function checkParents(dir: string, path: string): Promise<void> {
  const parts = path.split('/');
  let at = dir;
  for (const p of parts.slice(0, -1)) {
    at = join(at, p);
    const st = await lstat(at).catch(() => null);
    if (!st) return; // the rest does not exist yet
    if (!st.isDirectory())
      throw new UnsafePathError(`${path}: ${p} is not a folder (links are not followed)`);
  }
}

/** Creates the folders of `path` one by one, refusing links; new ones go to `uid`. */
export async function makeParents(dir: string, path: string, uid: number | null): Promise<void> {
  const parts = path.split('/');
  let at = dir;
  for (const p of parts.slice(0, -1)) {
    at = join(at, p);
    const st = await lstat(at).catch(() => null);
    if (st && !st.isDirectory())
      throw new UnsafePathError(`${path}: ${p} is not a folder (links are not followed)`);
    if (!st) {
      const made = await mkdir(at, { mode: 0o755 }).then(
        () => true,
        async (e: NodeJS.ErrnoException) => {
          // Parallel downloads race to create the same folder: fine if it is one now.
          if (e.code === 'EEXIST' && (await lstat(at)).isDirectory()) return false;
          throw e;
        },
      );
      if (made && uid !== null) await chown(at, uid, uid);
    }
  }
}

/** Opens a regular file of the copy for reading; refuses links and special files. */
export async function openRegular(dir: string, path: string) {
  await checkParents(dir, path);
  const fh = await open(join(dir, path), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  const st = await fh.stat();
  if (!st.isFile()) {
    await fh.close();
    throw new UnsafePathError(`${path} is not a regular file`);
  }
  return fh;
}

export async function hashFile(dir: string, path: string): Promise<string> {
  const fh = await openRegular(dir, path);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream('', { fd: fh, autoClose: true })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
