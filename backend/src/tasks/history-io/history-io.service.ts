import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { AuthUser } from '../../auth/auth-user.js';
import { AuditService } from '../../audit/audit.service.js';
import { BadInputError, DomainError, PayloadTooLargeError } from '../../common/errors/domain-errors.js';
import { WorkspacesService } from '../../workspaces/workspaces.service.js';
import type { TaskView } from '../dto.js';
import { TaskJournal } from '../task-journal.service.js';
import { TasksService, toTaskView } from '../tasks.service.js';
import { toMarkdown, toRooApiHistory, toRooUiMessages } from './export.js';
import { HistoryIoRepository } from './history-io.repository.js';
import { IMPORT_LIMITS, planImport } from './import.js';

export const EXPORT_FORMATS = ['markdown', 'ui_messages', 'api_conversation_history'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFile {
  filename: string;
  contentType: string;
  body: string;
}

export interface ImportResult {
  task: TaskView;
  messages: number;
  notes: string[];
}

/** Tasks out as Markdown or Roo's two JSON files, and Roo/Zoo task histories in as read-only tasks. */
@Injectable()
export class HistoryIoService {
  constructor(
    private readonly repo: HistoryIoRepository,
    private readonly tasks: TasksService,
    private readonly journal: TaskJournal,
    private readonly workspaces: WorkspacesService,
    private readonly audit: AuditService,
  ) {}

  async export(user: AuthUser, taskId: string, format: ExportFormat): Promise<ExportFile> {
    const task = await this.tasks.readable(user, taskId);
    const messages = await this.repo.history(taskId);
    const stamp = task.createdAt.toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const base = `roo_task_${stamp}_${task.id.slice(0, 8)}`;
    switch (format) {
      case 'markdown':
        return {
          filename: `${base}.md`,
          contentType: 'text/markdown; charset=utf-8',
          body: toMarkdown(task, messages),
        };
      case 'ui_messages':
        return {
          filename: 'ui_messages.json',
          contentType: 'application/json; charset=utf-8',
          body: JSON.stringify(toRooUiMessages(messages)),
        };
      case 'api_conversation_history':
        return {
          filename: 'api_conversation_history.json',
          contentType: 'application/json; charset=utf-8',
          body: JSON.stringify(toRooApiHistory(messages)),
        };
    }
  }

  /**
   * A Roo/Zoo history (the request body: `{uiMessages?, apiConversationHistory?, title?}`,
   * read here with its own size limit) becomes a completed, read-only task of the workspace.
   */
  async import(
    user: AuthUser,
    workspaceId: string,
    body: Readable,
    contentType: string | undefined,
    declaredLength: number | undefined,
    mode: string | undefined,
    ip: string,
  ): Promise<ImportResult> {
    await this.workspaces.requireRole(user, workspaceId, 'member');
    if (!/^application\/json\s*(;|$)/i.test(contentType ?? ''))
      throw new DomainError(415, 'the history must be sent as application/json');
    if (mode !== undefined && !/^[a-z0-9][a-z0-9-]{0,49}$/.test(mode))
      throw new BadInputError('mode must be a mode slug');
    const raw = await readLimited(body, declaredLength);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (e) {
      throw new BadInputError(`the history is not valid JSON: ${(e as Error).message.slice(0, 200)}`);
    }
    const plan = planImport(parsed);
    const task = await this.repo.insertImported(
      {
        workspaceId,
        createdBy: user.id,
        mode: mode ?? 'code',
        prompt: plan.prompt,
        title: plan.title,
        imported: {
          source: 'roo',
          at: new Date().toISOString(),
          messages: plan.messages.length,
          ...plan.totals,
        },
      },
      plan.messages,
    );
    // The workspace's live task lists show it at once.
    this.journal.announce(task.id, [], task);
    await this.audit.record({
      actorId: user.id,
      action: 'task.imported',
      target: `${workspaceId}/${task.id}`,
      ip,
      meta: { messages: plan.messages.length, bytes: Buffer.byteLength(raw) },
    });
    return { task: toTaskView(task), messages: plan.messages.length, notes: plan.notes };
  }
}

/** The body as text, refused with 413 once it passes the limit (never buffered past it). */
async function readLimited(body: Readable, declared: number | undefined): Promise<string> {
  const max = IMPORT_LIMITS.bytes;
  const tooLarge = () =>
    new PayloadTooLargeError(`the history is larger than ${max / 1024 / 1024} MiB; split or shorten it`);
  if (declared !== undefined && declared > max) {
    body.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += b.length;
    if (size > max) {
      body.resume();
      throw tooLarge();
    }
    chunks.push(b);
  }
  if (!size) throw new BadInputError('the body is empty');
  return Buffer.concat(chunks).toString('utf8');
}
