import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ConflictError, PayloadTooLargeError } from '../common/errors/domain-errors.js';
import { normalizePath } from '../files/file-path.js';
import { FilesService, type FileMeta } from '../files/files.service.js';
import { contentTypeFor } from '../files/file-path.js';
import { conflictText, WorkcopyService, type WorkCopy } from '../workcopy/workcopy.service.js';

/**
 * The files the agent's tools read and write: the task's working copy while a run has one
 * (so the tools see what commands produced), the bucket otherwise. Writes to the copy are
 * synced at once, so a concurrent change is the tool's error, never a silent overwrite.
 */
@Injectable()
export class AgentFileStore {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly files: FilesService,
    private readonly copies: WorkcopyService,
  ) {}

  private copyFor(workspaceId: string): WorkCopy | null {
    const copy = this.copies.current.getStore()?.copy;
    return copy && copy.workspaceId === workspaceId ? copy : null;
  }

  async readForAgent(workspaceId: string, path: string): Promise<Buffer> {
    const copy = this.copyFor(workspaceId);
    if (!copy) return this.files.readForAgent(workspaceId, path);
    return this.copies.read(copy, normalizePath(path));
  }

  async writeForAgent(workspaceId: string, pathInput: string, data: Buffer, userId: string | null) {
    const copy = this.copyFor(workspaceId);
    if (!copy) return this.files.writeForAgent(workspaceId, pathInput, data, userId);
    const path = normalizePath(pathInput);
    if (data.length > this.config.UPLOAD_MAX_BYTES)
      throw new PayloadTooLargeError(`file is larger than ${this.config.UPLOAD_MAX_BYTES} bytes`);
    const report = await this.copies.write(copy, path, data);
    if (report.conflicts.length) throw new ConflictError(conflictText(report.conflicts));
    const meta: FileMeta = {
      path,
      size: data.length,
      sha256: copy.manifest.get(path)?.sha ?? '',
      contentType: contentTypeFor(path),
      updatedAt: new Date(),
      updatedBy: userId,
    };
    return meta;
  }

  async listForAgent(
    workspaceId: string,
    prefix: string,
    recursive: boolean,
  ): Promise<{ items: FileMeta[]; folders: string[] }> {
    const copy = this.copyFor(workspaceId);
    if (!copy) return this.files.listForAgent(workspaceId, prefix, recursive);
    const { files } = await this.copies.scan(copy, prefix);
    const now = new Date();
    const meta = (f: { path: string; size: number; sha256: string }): FileMeta => ({
      ...f,
      contentType: contentTypeFor(f.path),
      updatedAt: now,
      updatedBy: null,
    });
    if (recursive) return { items: files.map(meta), folders: [] };
    const folders = new Set<string>();
    const items: FileMeta[] = [];
    for (const f of files) {
      const rest = f.path.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash === -1) items.push(meta(f));
      else folders.add(`${prefix}${rest.slice(0, slash + 1)}`);
    }
    return { items, folders: [...folders] };
  }
}
