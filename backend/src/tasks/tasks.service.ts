import { Inject, Injectable } from '@nestjs/common';
import type { AuthUser } from '../auth/auth-user.js';
import { AuditService } from '../audit/audit.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
} from '../common/errors/domain-errors.js';
import { decodeCursor, toPage, type Page } from '../common/pagination/cursor.js';
import { ModesService } from '../modes/modes.service.js';
import { ProvidersService } from '../providers/providers.service.js';
import type { TaskMessageView } from '../realtime/events.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';
import type { CreateTaskDto, ListTasksQuery, RespondDto, TaskView } from './dto.js';
import type { NewMessage, Suggestion, Task } from './entities.js';
import { TaskJournal, toMessageView } from './task-journal.service.js';
import { TaskSignals } from './task-signals.service.js';
import { TasksQueue } from './tasks.queue.js';
import { TasksRepository } from './tasks.repository.js';
import { FINAL_STATUSES } from './transitions.js';

/** The longest todo list a user may save (Markdown checklist). */
export const MAX_TODOS = 20_000;

/** Suggestions of a followup ask as {text, mode}; older histories stored plain strings. */
export const suggestionsOf = (raw: unknown): Suggestion[] =>
  Array.isArray(raw)
    ? raw.flatMap((s): Suggestion[] =>
        typeof s === 'string'
          ? [{ text: s }]
          : s && typeof s === 'object' && typeof (s as Suggestion).text === 'string'
            ? [
                {
                  text: (s as Suggestion).text,
                  ...(typeof (s as Suggestion).mode === 'string' ? { mode: (s as Suggestion).mode } : {}),
                },
              ]
            : [],
      )
    : [];

export const toTaskView = (t: Task): TaskView => ({
  id: t.id,
  workspaceId: t.workspaceId,
  parentId: t.parentId,
  awaitingTaskId: t.awaitingTaskId ?? null,
  mode: t.mode,
  providerId: t.providerId,
  status: t.status,
  prompt: t.prompt,
  title: t.title,
  tokensIn: t.tokensIn,
  tokensOut: t.tokensOut,
  cacheReads: t.cacheReads,
  cacheWrites: t.cacheWrites,
  cost: t.cost,
  steps: t.steps,
  lastSeq: t.lastSeq,
  autoApprove: t.autoApprove,
  todos: t.todos,
  createdBy: t.createdBy,
  createdAt: t.createdAt,
  updatedAt: t.updatedAt,
  completedAt: t.completedAt,
  error: t.error,
  imported: t.imported ?? null,
});

export const titleOf = (prompt: string) => {
  const line = prompt.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line || 'Untitled task';
};

/** The rules of tasks as users drive them (REST and sockets); the agent loop lives in agent/. */
@Injectable()
export class TasksService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: TasksRepository,
    private readonly journal: TaskJournal,
    private readonly queue: TasksQueue,
    private readonly signals: TaskSignals,
    private readonly workspaces: WorkspacesService,
    private readonly modes: ModesService,
    private readonly providers: ProvidersService,
    private readonly audit: AuditService,
  ) {}

  async create(user: AuthUser, workspaceId: string, dto: CreateTaskDto): Promise<TaskView> {
    await this.workspaces.requireRole(user, workspaceId, 'member');
    const [mode, provider] = await Promise.all([
      this.modes.resolve(workspaceId, dto.mode),
      this.providers.assertExists(workspaceId, dto.providerId).then(
        () => true,
        () => false,
      ),
    ]);
    if (!mode) throw new BadInputError(`mode ${dto.mode} does not exist`);
    if (!provider) throw new BadInputError('providerId does not name a provider of this workspace');
    const task = await this.createTask({
      workspaceId,
      createdBy: user.id,
      parentId: null,
      mode: dto.mode,
      providerId: dto.providerId,
      prompt: dto.prompt,
      autoApprove: {
        read: dto.autoApprove?.read ?? true,
        write: dto.autoApprove?.write ?? false,
        modeSwitch: dto.autoApprove?.modeSwitch ?? false,
        execute: dto.autoApprove?.execute ?? false,
        mcp: dto.autoApprove?.mcp ?? false,
      },
    });
    return toTaskView(task);
  }

  /**
   * A subtask started by the parent's new_task call `callId`: the child (queued) and the
   * parent's `parentMessages` + wait (`waiting_for_subtask`) commit together, so neither a
   * crash nor a fast child can leave the parent running without a child or waiting for
   * nothing. The child is enqueued after the commit (the sweep enqueues it otherwise).
   * Throws ConflictError when the parent stopped running meanwhile (cancelled): no child then.
   */
  async startSubtask(
    parent: Task,
    callId: string,
    values: Pick<Task, 'mode' | 'prompt' | 'autoApprove' | 'todos'>,
    parentMessages: (childId: string) => NewMessage[],
  ): Promise<Task> {
    const result = await this.repo.tx(async (m) => {
      const { task: child, message } = await this.repo.insertTask(
        {
          workspaceId: parent.workspaceId,
          createdBy: parent.createdBy,
          parentId: parent.id,
          providerId: parent.providerId,
          mode: values.mode,
          prompt: values.prompt,
          autoApprove: values.autoApprove,
          todos: values.todos,
          parentCallId: callId,
          title: titleOf(values.prompt),
          status: 'queued',
        },
        { type: 'say', say: 'text', text: values.prompt, meta: { role: 'user' } },
        m,
      );
      const waited = await this.journal.record(
        parent.id,
        parentMessages(child.id),
        { to: 'waiting_for_subtask', patch: { awaitingTaskId: child.id } },
        m,
      );
      return { child, message, waited };
    });
    this.journal.announce(result.child.id, [result.message], result.child);
    this.journal.announce(parent.id, result.waited.messages, result.waited.task);
    await this.queue.enqueueQuietly(result.child.id);
    return result.child;
  }

  /** Inserts a queued task with its first message, then (after commit) enqueues its job. */
  async createTask(
    values: Pick<
      Task,
      'workspaceId' | 'createdBy' | 'parentId' | 'mode' | 'providerId' | 'prompt' | 'autoApprove'
    >,
  ) {
    const { task, message } = await this.repo.insertTask(
      { ...values, title: titleOf(values.prompt), status: 'queued' },
      { type: 'say', say: 'text', text: values.prompt, meta: { role: 'user' } },
    );
    // With the task: its workspace's live task lists show it at once.
    this.journal.announce(task.id, [message], task);
    await this.queue.enqueueQuietly(task.id);
    return task;
  }

  async list(user: AuthUser, workspaceId: string, query: ListTasksQuery): Promise<Page<TaskView>> {
    await this.workspaces.requireRole(user, workspaceId, 'viewer');
    const limit = query.limit ?? 50;
    const rows = await this.repo.page(workspaceId, query.status, decodeCursor(query.cursor), limit + 1);
    const page = toPage(rows, limit);
    return { items: page.items.map(toTaskView), nextCursor: page.nextCursor };
  }

  async get(user: AuthUser, id: string): Promise<TaskView> {
    return toTaskView(await this.readable(user, id));
  }

  /** The task if the user may read it (viewer+ of its workspace); 404 otherwise. */
  async readable(user: AuthUser, id: string): Promise<Task> {
    const task = await this.repo.find(id);
    if (!task) throw new NotFoundError('task not found');
    await this.workspaces.requireRole(user, task.workspaceId, 'viewer').catch((e: unknown) => {
      throw e instanceof ForbiddenError ? e : new NotFoundError('task not found');
    });
    return task;
  }

  async messages(user: AuthUser, id: string, afterSeq = 0, limit = 1000): Promise<TaskMessageView[]> {
    // Both at once (one wait instead of two); the messages are dropped if access is refused.
    const [, rows] = await Promise.all([this.readable(user, id), this.repo.messages(id, afterSeq, limit)]);
    return rows.map(toMessageView);
  }

  /** Messages after `afterSeq`, for a reader already checked (socket replay). */
  async messagesAfter(id: string, afterSeq: number, limit = 1000): Promise<TaskMessageView[]> {
    return (await this.repo.messages(id, afterSeq, limit)).map(toMessageView);
  }

  /** Answers the task's pending question or approval; the task goes back to the queue. */
  async respond(user: AuthUser, id: string, dto: RespondDto): Promise<TaskView> {
    const task = await this.writable(user, id);
    const result = await this.repo.tx(async (m) => {
      const current = (await this.repo.find(id, m))!;
      if (current.status !== 'waiting_for_input')
        throw new ConflictError(`the task is ${current.status}, not waiting for input`);
      const ask = await this.repo.lastAsk(id, m);
      const call = ask?.meta.toolCall;
      if (!ask || !call) throw new ConflictError('the task has no pending question');
      if (ask.ask === 'followup' && dto.response !== 'answer')
        throw new BadInputError('a question needs response "answer"');
      if (
        (ask.ask === 'tool' || ask.ask === 'command' || ask.ask === 'use_mcp_server') &&
        dto.response === 'answer'
      )
        throw new BadInputError('a tool request needs response "approve" or "deny"');
      if (dto.response === 'answer' && !dto.text?.trim()) throw new BadInputError('an answer needs text');
      const mode = dto.mode ? await this.chosenMode(current, ask.meta.suggestions, dto) : undefined;
      return this.journal.record(
        id,
        [
          {
            type: 'say',
            say: 'user_feedback',
            text: dto.text ?? '',
            meta: { response: dto.response, toolCallId: call.id, ...(mode ? { mode } : {}) },
          },
        ],
        { to: 'queued', ...(mode ? { patch: { mode } } : {}) },
        m,
      );
    });
    this.journal.announce(id, result.messages, result.task);
    await this.queue.enqueueQuietly(task.id);
    return toTaskView(result.task!);
  }

  /**
   * The mode of the suggestion the user picked. Only a mode one of the question's
   * suggestions offers is taken: picking it is the user's own approval of the switch
   * (the model cannot switch to a wider mode without it). It must still exist.
   */
  private async chosenMode(task: Task, raw: unknown, dto: RespondDto): Promise<string> {
    const offered = suggestionsOf(raw).filter((s) => s.mode === dto.mode);
    if (!offered.length) throw new BadInputError(`no suggestion of this question offers mode ${dto.mode}`);
    if (!(await this.modes.resolve(task.workspaceId, dto.mode!)))
      throw new BadInputError(`mode ${dto.mode} does not exist`);
    return dto.mode!;
  }

  /**
   * A message from the user to a task. While the task is queued, running or waiting for a
   * subtask it is queued in the history and reaches the model at its next turn; a finished
   * task continues with it (like resume). A task waiting for an answer or approval needs
   * `respond` instead (409), so a message never answers a question by accident.
   */
  async send(user: AuthUser, id: string, text: string): Promise<TaskView> {
    await this.writable(user, id);
    if (!text.trim()) throw new BadInputError('a message needs text');
    const result = await this.repo.tx(async (m) => {
      // Locked: the run cannot finish between this check and the append.
      const current = await this.repo.findForUpdate(id, m);
      if (!current) throw new NotFoundError('task not found');
      if (current.status === 'waiting_for_input')
        throw new ConflictError('the task is waiting for your answer or approval; respond to it instead');
      const finished = FINAL_STATUSES.includes(current.status);
      const rec = await this.journal.record(
        id,
        [
          {
            type: 'say',
            say: 'user_feedback',
            text,
            meta: { response: finished ? 'resume' : 'message' },
          },
        ],
        finished ? { to: 'queued' } : undefined,
        m,
      );
      return { ...rec, task: rec.task ?? current };
    });
    this.journal.announce(id, result.messages, result.task.status === 'queued' ? result.task : undefined);
    if (result.task.status === 'queued') await this.queue.enqueueQuietly(id);
    return toTaskView(result.task);
  }

  /** The user replaces the task's todo list; the model sees the change at its next turn. */
  async editTodos(user: AuthUser, id: string, todos: string): Promise<TaskView> {
    await this.writable(user, id);
    if (todos.length > MAX_TODOS)
      throw new BadInputError(`the todo list is longer than ${MAX_TODOS} characters`);
    const result = await this.repo.tx(async (m) => {
      const rec = await this.journal.record(
        id,
        [{ type: 'say', say: 'user_edit_todos', text: todos }],
        undefined,
        m,
      );
      await this.repo.setFields(id, { todos }, m);
      return rec;
    });
    this.journal.announce(id, result.messages);
    return toTaskView((await this.repo.find(id))!);
  }

  async cancel(user: AuthUser, id: string): Promise<TaskView> {
    await this.writable(user, id);
    const task = await this.journal.setStatus(id, 'cancelled', { error: null });
    await this.signals.cancel(id);
    await this.cancelSubtree(id);
    return toTaskView(task);
  }

  /** Cancels every unfinished descendant of a task (queued, running or waiting), at any depth. */
  async cancelSubtree(id: string): Promise<void> {
    for (const childId of await this.repo.activeDescendants(id)) {
      await this.journal.setStatus(childId, 'cancelled', { error: null }).catch((e: unknown) => {
        // Finished meanwhile: nothing to stop.
        if (!(e instanceof ConflictError)) throw e;
      });
      await this.signals.cancel(childId);
    }
  }

  /** A finished task continues with a new user message. */
  async resume(user: AuthUser, id: string, text: string): Promise<TaskView> {
    const task = await this.writable(user, id);
    if (!FINAL_STATUSES.includes(task.status))
      throw new ConflictError(`the task is ${task.status}; only a finished task can be resumed`);
    const result = await this.journal.record(
      id,
      [{ type: 'say', say: 'user_feedback', text, meta: { response: 'resume' } }],
      {
        to: 'queued',
      },
    );
    await this.queue.enqueueQuietly(id);
    return toTaskView(result.task!);
  }

  /** admin+ of the workspace, or the creator (still a member). */
  async remove(user: AuthUser, id: string, ip: string): Promise<void> {
    const task = await this.readable(user, id);
    const role = await this.workspaces.requireRole(user, task.workspaceId, 'viewer');
    const isAdmin = role === 'admin' || role === 'owner';
    if (!isAdmin && !(task.createdBy === user.id && role === 'member'))
      throw new ForbiddenError('only an admin or the task creator can delete it');
    await this.signals.cancel(id);
    await this.cancelSubtree(id);
    // A subtask deleted unfinished ends as cancelled first, so a parent waiting for it goes on.
    if (!FINAL_STATUSES.includes(task.status) && task.parentId)
      await this.journal.setStatus(id, 'cancelled', { error: null }).catch((e: unknown) => {
        if (!(e instanceof ConflictError)) throw e;
      });
    await this.repo.remove(id);
    await this.audit.record({
      actorId: user.id,
      action: 'task.deleted',
      target: `${task.workspaceId}/${id}`,
      ip,
      meta: { title: task.title, createdBy: task.createdBy },
    });
  }

  private async writable(user: AuthUser, id: string): Promise<Task> {
    const task = await this.readable(user, id);
    await this.workspaces.requireRole(user, task.workspaceId, 'member');
    // An imported history is a record of another tool's run: it is read, never continued.
    if (task.imported)
      throw new ConflictError('this task was imported from a Roo Code history and is read-only');
    return task;
  }
}
