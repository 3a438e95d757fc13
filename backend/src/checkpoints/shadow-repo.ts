import { constants } from 'node:fs';
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  open,
  readdir,
  readFile,
  rm,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatFileBatch, git, gitText, type GitRunOptions } from '../git/git-exec.js';

/** The empty tree's id (a diff of the first checkpoint is against it). */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
/** The one ref of a shadow repository: the latest checkpoint. */
export const CHECKPOINT_REF = 'refs/heads/checkpoints';

export interface ChangedFile {
  /** A added, M modified, D deleted, T type changed. */
  status: 'A' | 'M' | 'D' | 'T';
  path: string;
}

export interface Snapshot {
  commit: string;
  parent: string | null;
  files: ChangedFile[];
}

/** A path the shadow repository tracks: relative, no `..`, no `.git` component. */
function safeRelative(path: string): boolean {
  if (!path || path.startsWith('/') || path.includes('\0')) return false;
  return path.split('/').every((s) => s !== '' && s !== '.' && s !== '..' && s.toLowerCase() !== '.git');
}

/**
 * Every regular file under `root`, relative, sorted. Symlinks, devices, sockets and
 * fifos are skipped and never followed; so is any `.git` folder (a repository the agent
 * made inside the copy stays out of the checkpoints).
 */
export async function regularFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    const entries = await readdir(rel ? join(root, rel) : root, { withFileTypes: true });
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.name === '.git' || e.name.includes('\n')) continue;
      if (e.isDirectory()) await walk(path);
      else if (e.isFile()) out.push(path);
    }
  };
  await walk('');
  return out.sort();
}

const parseNameStatus = (raw: Buffer): ChangedFile[] => {
  const parts = raw.toString('utf8').split('\0');
  const files: ChangedFile[] = [];
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const status = parts[i][0] as ChangedFile['status'];
    files.push({ status, path: parts[i + 1] });
  }
  return files;
};

/**
 * A task's checkpoints: commits in a git repository of their own (GIT_DIR apart from the
 * working copy, work tree = the copy), like Roo Code's shadow checkpoints. Nothing of it
 * lives inside the copy, so neither the agent nor a command can see or change it. Blobs
 * are stored raw (no eol/filter attributes from the copy apply), so a restore is byte-exact.
 */
export class ShadowRepo {
  constructor(
    readonly gitDir: string,
    readonly workTree: string,
  ) {}

  private get opts(): GitRunOptions {
    return { gitDir: this.gitDir, workTree: this.workTree, cwd: this.workTree, timeoutMs: 300_000 };
  }

  async init(): Promise<void> {
    await mkdir(this.gitDir, { recursive: true });
    await git(['init', '-q'], { gitDir: this.gitDir, cwd: this.gitDir });
    // Highest-precedence attributes: the copy's own .gitattributes cannot turn on eol
    // conversion or filters, which would make a stored blob differ from the file.
    await mkdir(join(this.gitDir, 'info'), { recursive: true });
    await writeFile(
      join(this.gitDir, 'info', 'attributes'),
      '* -text -eol -filter -ident -working-tree-encoding\n',
    );
    await writeFile(join(this.gitDir, 'info', 'exclude'), '');
  }

  /** The latest checkpoint, or null before the first. */
  async head(): Promise<string | null> {
    return gitText(['rev-parse', '--verify', '-q', `${CHECKPOINT_REF}^{commit}`], this.opts).catch(
      () => null,
    );
  }

  /**
   * Records the copy as it is now. Returns null when nothing changed since the last
   * checkpoint (the first one is always recorded: it is the state the task started from).
   */
  async snapshot(message: string): Promise<Snapshot | null> {
    const parent = await this.head();
    const files = await regularFiles(this.workTree);
    const indexed = (await git(['ls-files', '-z'], this.opts)).toString('utf8').split('\0').filter(Boolean);
    const present = new Set(files);
    const gone = indexed.filter((p) => !present.has(p));
    if (gone.length)
      await git(['update-index', '--force-remove', '-z', '--stdin'], {
        ...this.opts,
        input: `${gone.join('\0')}\0`,
      });
    if (files.length)
      // The index's stat cache makes this hash only files that changed since the last time.
      await git(['update-index', '--add', '--replace', '-z', '--stdin'], {
        ...this.opts,
        input: `${files.join('\0')}\0`,
      });
    const tree = await gitText(['write-tree'], this.opts);
    if (parent && tree === (await gitText(['rev-parse', `${parent}^{tree}`], this.opts))) return null;
    const commit = await gitText(
      ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', message || 'checkpoint'],
      this.opts,
    );
    await git(['update-ref', CHECKPOINT_REF, commit], this.opts);
    return { commit, parent, files: await this.changes(parent, commit) };
  }

  /** Files that differ between two checkpoints (`from` null: the empty tree). */
  async changes(from: string | null, to: string, path?: string): Promise<ChangedFile[]> {
    const out = await git(
      [
        'diff-tree',
        '-r',
        '-z',
        '--no-renames',
        '--name-status',
        from ?? EMPTY_TREE,
        to,
        '--',
        ...(path ? [path] : []),
      ],
      this.opts,
    );
    return parseNameStatus(out);
  }

  /** Unified diff of a checkpoint against its parent (or another checkpoint), capped at `maxBytes`. */
  async diff(
    commit: string,
    from?: string | null,
    maxBytes = 1024 * 1024,
  ): Promise<{ patch: string; truncated: boolean }> {
    const base = from === undefined ? await this.parentOf(commit) : from;
    const out = await git(
      ['diff', '--no-color', '--no-ext-diff', '--no-renames', base ?? EMPTY_TREE, commit, '--'],
      { ...this.opts, maxBytes: 256 * 1024 * 1024 },
    );
    const truncated = out.length > maxBytes;
    return { patch: out.subarray(0, maxBytes).toString('utf8'), truncated };
  }

  async parentOf(commit: string): Promise<string | null> {
    return gitText(['rev-parse', '--verify', '-q', `${commit}^1`], this.opts).catch(() => null);
  }

  /**
   * Puts the copy (or one file of it) back to how it was at `commit`, then records that
   * as a new checkpoint. Returns the files it changed.
   */
  async restore(
    commit: string,
    path?: string,
  ): Promise<{ files: ChangedFile[]; checkpoint: Snapshot | null }> {
    await gitText(['rev-parse', '--verify', `${commit}^{commit}`], this.opts);
    // The current state first: it is what the restore is computed against (and an undo point).
    await this.snapshot('before restore');
    const now = (await this.head())!;
    const files = await this.changes(now, commit, path);
    const target = new Map<string, { mode: string; oid: string }>();
    if (files.length) {
      const out = await git(['ls-tree', '-r', '-z', commit, '--', ...files.map((f) => f.path)], this.opts);
      for (const rec of out.toString('utf8').split('\0')) {
        if (!rec) continue;
        const tab = rec.indexOf('\t');
        const [mode, , oid] = rec.slice(0, tab).split(' ');
        target.set(rec.slice(tab + 1), { mode, oid });
      }
    }
    // Deletions first: a file may stand where the target has a folder.
    for (const f of files) if (f.status === 'D' || f.status === 'T') await this.removeFile(f.path);
    const cat = new CatFileBatch(this.opts);
    try {
      for (const f of files) {
        const t = target.get(f.path);
        if (!t || (t.mode !== '100644' && t.mode !== '100755')) continue;
        const blob = await cat.read(t.oid);
        if (!blob) throw new Error(`checkpoint object ${t.oid} is missing`);
        await this.writeFile(f.path, blob.data, t.mode === '100755' ? 0o755 : 0o644);
      }
    } finally {
      cat.close();
    }
    const checkpoint = await this.snapshot(`restore ${path ? `${path} ` : ''}to ${commit.slice(0, 12)}`);
    return { files, checkpoint };
  }

  /** Bytes of one file at a checkpoint, or null when it did not exist there. */
  async readFile(commit: string, path: string): Promise<Buffer | null> {
    if (!safeRelative(path)) return null;
    return git(['cat-file', 'blob', `${commit}:${path}`], this.opts).catch(() => null);
  }

  private async removeFile(path: string): Promise<void> {
    if (!safeRelative(path)) return;
    const full = join(this.workTree, path);
    const st = await lstat(full).catch(() => null);
    if (st && !st.isDirectory()) await unlink(full);
  }

  /** Writes inside the copy without following a symlink anywhere on the way. */
  private async writeFile(path: string, data: Buffer, mode: number): Promise<void> {
    if (!safeRelative(path)) return;
    const parts = path.split('/');
    let dir = this.workTree;
    for (const part of parts.slice(0, -1)) {
      dir = join(dir, part);
      const st = await lstat(dir).catch(() => null);
      if (st && !st.isDirectory()) await unlink(dir);
      if (!st || !st.isDirectory()) await mkdir(dir);
    }
    const full = join(this.workTree, ...parts);
    const st = await lstat(full).catch(() => null);
    if (st && !st.isFile()) await rm(full, { recursive: true, force: true });
    const fh = await open(
      full,
      constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
      mode,
    );
    try {
      await fh.writeFile(data);
    } finally {
      await fh.close();
    }
    await chmod(full, mode);
  }

  /** New objects since `since` (all when null), as a git bundle. */
  async bundle(since: string | null): Promise<Buffer> {
    const dir = await mkdtemp(join(tmpdir(), 'roo-bundle-'));
    try {
      const file = join(dir, 'b.bundle');
      await git(
        ['bundle', 'create', '-q', file, since ? `${since}..${CHECKPOINT_REF}` : CHECKPOINT_REF],
        this.opts,
      );
      return await readFile(file);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Adds a bundle's objects (its prerequisites must be here already) and moves the ref to `commit`. */
  async unbundle(data: Buffer, commit: string): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'roo-bundle-'));
    try {
      const file = join(dir, 'b.bundle');
      await writeFile(file, data);
      await git(['bundle', 'unbundle', file], this.opts);
      await git(['update-ref', CHECKPOINT_REF, commit], this.opts);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Rebuilds the index from the latest checkpoint (after loading it from bundles). */
  async resetIndex(): Promise<void> {
    const head = await this.head();
    if (head) await git(['read-tree', head], this.opts);
  }
}

export const isSafeCheckpointPath = safeRelative;
