import { randomUUID } from 'node:crypto';
import { type Readable, Transform } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import {
  BadInputError,
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
} from '../common/errors/domain-errors.js';
import { queryEntities } from '../database/raw-query.js';
import { StorageService } from '../storage/storage.service.js';
import { workspacePrefix, WorkspacesService } from '../workspaces/workspaces.service.js';
import {
  type ArchiveEntry,
  type ArchiveLimits,
  RangeReader,
  readTar,
  readZip,
  sniffArchive,
} from './archive.js';
import { ContentCache } from './content-cache.js';
import { type ExportEntry, type ExportFormat, streamArchive } from './export.js';
import { FileEntry } from './file-entry.entity.js';
import { contentTypeFor, normalizePath, normalizePrefix } from './file-path.js';

export interface FileMeta {
  path: string;
  size: number;
  sha256: string;
  contentType: string;
  updatedAt: Date;
  updatedBy: string | null;
}

const toMeta = ({ path, size, sha256, contentType, updatedAt, updatedBy }: FileEntry): FileMeta => ({
  path,
  size,
  sha256,
  contentType,
  updatedAt,
  updatedBy,
});
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const objectKey = (workspaceId: string, path: string) => `${workspacePrefix(workspaceId)}${path}`;

/**
 * Workspace files: bytes in the bucket under `workspaces/<id>/`, metadata in Postgres.
 * The public methods check the caller's role; the `*ForAgent` ones are for the worker,
 * which checked access when the task was created.
 */
@Injectable()
export class FilesService {
  private readonly contents: ContentCache;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(FileEntry) private readonly files: Repository<FileEntry>,
    private readonly workspaces: WorkspacesService,
    private readonly storage: StorageService,
    private readonly audit: AuditService,
  ) {
    this.contents = new ContentCache(config.FILE_CACHE_MAX_BYTES);
  }

  async list(user: AuthUser, workspaceId: string, prefixInput: unknown, recursive: boolean) {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    return this.listForAgent(workspaceId, normalizePrefix(prefixInput), recursive);
  }

  async listForAgent(workspaceId: string, prefix: string, recursive: boolean) {
    const rows = await queryEntities(
      this.files.manager,
      FileEntry,
      `SELECT * FROM files WHERE workspace_id = $1 AND path LIKE $2 ESCAPE '\\' ORDER BY path`,
      [workspaceId, `${likeEscape(prefix)}%`],
    );
    if (recursive) return { items: rows.map(toMeta), folders: [] as string[] };
    const folders = new Set<string>();
    const items: FileMeta[] = [];
    for (const row of rows) {
      const rest = row.path.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash === -1) items.push(toMeta(row));
      else folders.add(`${prefix}${rest.slice(0, slash + 1)}`);
    }
    return { items, folders: [...folders] };
  }

  async stat(user: AuthUser, workspaceId: string, pathInput: unknown): Promise<FileMeta> {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    return toMeta(await this.entry(workspaceId, normalizePath(pathInput)));
  }

  async open(
    user: AuthUser,
    workspaceId: string,
    pathInput: unknown,
  ): Promise<{ meta: FileMeta; body: Readable | Buffer }> {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    const row = await this.entry(workspaceId, normalizePath(pathInput));
    const body = this.contents.fits(row.size)
      ? await this.bytes(row)
      : await this.storage.get(objectKey(workspaceId, row.path));
    return { meta: toMeta(row), body };
  }

  async presign(user: AuthUser, workspaceId: string, pathInput: unknown) {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    const row = await this.entry(workspaceId, normalizePath(pathInput));
    const expiresIn = 300;
    const url = await this.storage.presignGet(
      objectKey(workspaceId, row.path),
      expiresIn,
      row.path.split('/').pop()!,
      row.contentType,
    );
    return { url, expiresIn };
  }

  /** Streams an upload into place; over the size limit nothing is stored and the old file stays. */
  async upload(
    user: AuthUser,
    workspaceId: string,
    pathInput: unknown,
    body: Readable,
    declaredLength: number | undefined,
    ip: string,
  ): Promise<FileMeta> {
    await this.workspaces.requireRole(user, workspaceId, 'member');
    const path = normalizePath(pathInput);
    const max = this.config.UPLOAD_MAX_BYTES;
    if (declaredLength !== undefined && declaredLength > max) {
      body.resume();
      throw new PayloadTooLargeError(`file is larger than ${max} bytes`);
    }
    const contentType = contentTypeFor(path);
    const stored = await this.storage.put(objectKey(workspaceId, path), body, contentType, max);
    const meta = await this.saveMeta(workspaceId, path, stored.size, stored.sha256, contentType, user.id);
    await this.audit.record({
      actorId: user.id,
      action: 'file.uploaded',
      target: `${workspaceId}/${path}`,
      ip,
      meta: { size: stored.size, sha256: stored.sha256 },
    });
    return meta;
  }

  async move(
    user: AuthUser,
    workspaceId: string,
    fromInput: unknown,
    toInput: unknown,
    ip: string,
  ): Promise<FileMeta> {
    await this.workspaces.requireRole(user, workspaceId, 'member');
    const from = normalizePath(fromInput);
    const to = normalizePath(toInput);
    if (from === to) throw new BadInputError('from and to are the same path');
    const row = await this.entry(workspaceId, from);
    if (await this.files.existsBy({ workspaceId, path: to })) throw new ConflictError(`${to} already exists`);
    await this.storage.copy(objectKey(workspaceId, from), objectKey(workspaceId, to));
    await this.files.update({ id: row.id }, { path: to, updatedAt: new Date(), updatedBy: user.id });
    await this.storage.delete(objectKey(workspaceId, from));
    await this.audit.record({
      actorId: user.id,
      action: 'file.moved',
      target: `${workspaceId}/${from}`,
      ip,
      meta: { to },
    });
    return toMeta(await this.files.findOneByOrFail({ id: row.id }));
  }

  async remove(user: AuthUser, workspaceId: string, pathInput: unknown, ip: string): Promise<void> {
    await this.workspaces.requireRole(user, workspaceId, 'member');
    const row = await this.entry(workspaceId, normalizePath(pathInput));
    await this.files.delete({ id: row.id });
    await this.storage.delete(objectKey(workspaceId, row.path));
    await this.audit.record({
      actorId: user.id,
      action: 'file.deleted',
      target: `${workspaceId}/${row.path}`,
      ip,
    });
  }

  /**
   * Imports a zip/tar/tar.gz, streamed: no archive or file is ever held whole. Every limit
   * (archive size, file size, expanded total, file count, compression ratio) is enforced
   * while reading, and a hostile archive is refused after a few chunks. Entries are staged
   * in the bucket and only published when the whole archive is valid, so a bad entry (zip
   * slip, bomb, too many files) leaves nothing behind.
   */
  async import(
    user: AuthUser,
    workspaceId: string,
    prefixInput: unknown,
    body: Readable,
    declaredLength: number | undefined,
    ip: string,
  ) {
    await this.workspaces.requireRole(user, workspaceId, 'member');
    const prefix = normalizePrefix(prefixInput);
    const max = this.config.IMPORT_MAX_BYTES;
    if (declaredLength !== undefined && declaredLength > max) {
      body.resume();
      throw new PayloadTooLargeError(`archive is larger than ${max} bytes`);
    }
    const limits: ArchiveLimits = {
      maxFileBytes: this.config.UPLOAD_MAX_BYTES,
      maxTotalBytes: max,
      maxFiles: this.config.IMPORT_MAX_FILES,
      maxRatio: this.config.IMPORT_MAX_RATIO,
    };
    const input = limitBody(body, max);
    const staging = `staging/${randomUUID()}/`;
    const staged: { path: string; size: number; sha256: string }[] = [];
    try {
      const { format, stream } = await sniffArchive(input.stream);
      let entries: AsyncGenerator<ArchiveEntry>;
      if (format === 'zip') {
        // A zip's directory is at its end: it is read by range from the bucket, not from memory.
        const key = `${staging}archive.zip`;
        const { size } = await this.storage.put(key, stream, 'application/zip', max);
        const reader = new RangeReader((start, end) => this.storage.getRange(key, start, end), size);
        entries = readZip(reader, size, limits);
      } else {
        entries = readTar(stream, format === 'gzip', limits);
      }
      const seen = new Set<string>();
      for await (const entry of entries) {
        let path: string;
        try {
          path = normalizePath(`${prefix}${entry.name.replace(/^\.\//, '')}`);
        } catch (e) {
          throw new BadInputError(
            `archive entry "${entry.name.slice(0, 200)}" is refused: ${(e as Error).message}`,
          );
        }
        if (seen.has(path)) continue;
        seen.add(path);
        const type = contentTypeFor(path);
        const stored = await this.storage.put(
          `${staging}files/${path}`,
          entry.stream,
          type,
          limits.maxFileBytes,
        );
        staged.push({ path, ...stored });
      }
      await eachLimit(staged, 8, (f) =>
        this.storage.copy(`${staging}files/${f.path}`, objectKey(workspaceId, f.path)),
      );
    } catch (e) {
      input.abandon();
      throw e;
    } finally {
      await this.storage.deletePrefix(staging).catch(() => undefined);
    }
    const updatedAt = new Date();
    const rows = staged.map((f) => ({
      workspaceId,
      path: f.path,
      size: f.size,
      sha256: f.sha256,
      contentType: contentTypeFor(f.path),
      updatedAt,
      updatedBy: user.id,
    }));
    // One transaction: the listing shows the whole archive or none of it.
    await this.files.manager.transaction(async (m) => {
      for (let i = 0; i < rows.length; i += 500)
        await m.upsert(FileEntry, rows.slice(i, i + 500), ['workspaceId', 'path']);
    });
    await this.audit.record({
      actorId: user.id,
      action: 'file.imported',
      target: `${workspaceId}/${prefix}`,
      ip,
      meta: { files: rows.length, bytes: rows.reduce((n, r) => n + r.size, 0) },
    });
    const files: FileMeta[] = rows.map((r) => ({ ...r }));
    return { imported: files.length, files };
  }

  /**
   * A workspace or one folder of it as a .zip or .tar.gz, streamed from the bucket one
   * file at a time (memory stays flat whatever the size). Names are relative to the
   * folder's parent, so a folder downloads as that folder.
   */
  async export(user: AuthUser, workspaceId: string, prefixInput: unknown, format: ExportFormat, ip: string) {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    const prefix = normalizePrefix(prefixInput);
    const { items } = await this.listForAgent(workspaceId, prefix, true);
    if (prefix && items.length === 0) throw new NotFoundError(`folder ${prefix} not found`);
    const folder = prefix.replace(/\/$/, '').split('/').pop() ?? '';
    const base = prefix.slice(
      0,
      prefix.length - folder.length - 1 > 0 ? prefix.length - folder.length - 1 : 0,
    );
    const entries: ExportEntry[] = items.map((f) => ({
      name: f.path.slice(base.length),
      size: f.size,
      mtime: f.updatedAt,
      open: () => this.storage.get(objectKey(workspaceId, f.path)),
    }));
    await this.audit.record({
      actorId: user.id,
      action: 'file.exported',
      target: `${workspaceId}/${prefix}`,
      ip,
      meta: { format, files: entries.length, bytes: items.reduce((n, f) => n + f.size, 0) },
    });
    return {
      filename: `${folder || 'workspace'}.${format}`,
      contentType: format === 'zip' ? 'application/zip' : 'application/gzip',
      stream: streamArchive(format, entries),
    };
  }

  // ---- for the agent (worker role); access was checked when the task was created ----

  async readForAgent(workspaceId: string, pathInput: string): Promise<Buffer> {
    return this.bytes(await this.entry(workspaceId, normalizePath(pathInput)));
  }

  async writeForAgent(
    workspaceId: string,
    pathInput: string,
    data: Buffer,
    userId: string | null,
  ): Promise<FileMeta> {
    const path = normalizePath(pathInput);
    if (data.length > this.config.UPLOAD_MAX_BYTES)
      throw new PayloadTooLargeError(`file is larger than ${this.config.UPLOAD_MAX_BYTES} bytes`);
    const stored = await this.storage.putBuffer(objectKey(workspaceId, path), data, contentTypeFor(path));
    return this.saveMeta(workspaceId, path, stored.size, stored.sha256, contentTypeFor(path), userId);
  }

  /** A file's bytes, from the content cache when this version was read before. */
  private async bytes(row: FileEntry): Promise<Buffer> {
    const cached = this.contents.get(row.sha256);
    if (cached) return cached;
    const data = await this.storage.getBuffer(objectKey(row.workspaceId, row.path));
    this.contents.put(row.sha256, data);
    return data;
  }

  private async entry(workspaceId: string, path: string): Promise<FileEntry> {
    const [row] = await queryEntities(
      this.files.manager,
      FileEntry,
      'SELECT * FROM files WHERE workspace_id = $1 AND path = $2',
      [workspaceId, path],
    );
    if (!row) throw new NotFoundError(`file ${path} not found`);
    return row;
  }

  private async saveMeta(
    workspaceId: string,
    path: string,
    size: number,
    sha256: string,
    contentType: string,
    userId: string | null,
  ) {
    const updatedAt = new Date();
    await this.files.upsert({ workspaceId, path, size, sha256, contentType, updatedAt, updatedBy: userId }, [
      'workspaceId',
      'path',
    ]);
    return { path, size, sha256, contentType, updatedAt, updatedBy: userId };
  }
}

/**
 * The request body, refused with 413 past `max` bytes. `abandon` stops feeding the importer
 * and drains what the client still sends (so it gets the 413 rather than a reset), up to
 * `max` more bytes.
 */
function limitBody(body: Readable, max: number): { stream: Readable; abandon: () => void } {
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > max) return done(new PayloadTooLargeError(`archive is larger than ${max} bytes`));
      done(null, chunk);
    },
  });
  body.on('error', (e) => counter.destroy(e));
  body.pipe(counter);
  return {
    stream: counter,
    abandon: () => {
      body.unpipe(counter);
      if (!counter.destroyed) counter.destroy();
      if (body.readableEnded || body.destroyed) return;
      let drained = 0;
      body.on('data', (c: Buffer) => {
        drained += c.length;
        if (drained > max) body.destroy();
      });
      body.resume();
    },
  };
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function eachLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}
