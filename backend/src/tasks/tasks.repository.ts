import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { ConflictError } from '../common/errors/domain-errors.js';
import { hydrate, queryEntities, updatedRows } from '../database/raw-query.js';
import { Task, TaskMessage, type NewMessage } from './entities.js';
import {
  ACTIVE_STATUSES,
  allowedFrom,
  assertTransition,
  FINAL_STATUSES,
  type TaskStatus,
} from './transitions.js';

export type NewTask = Pick<
  Task,
  | 'workspaceId'
  | 'createdBy'
  | 'parentId'
  | 'mode'
  | 'providerId'
  | 'status'
  | 'prompt'
  | 'title'
  | 'autoApprove'
> &
  Partial<Pick<Task, 'todos' | 'parentCallId'>>;
export type TaskPatch = Partial<
  Pick<Task, 'error' | 'mode' | 'todos' | 'startedAt' | 'completedAt' | 'awaitingTaskId'>
>;

/** Every database access of tasks and messages (shares: shares.repository.ts). */
@Injectable()
export class TasksRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  tx<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.db.manager;
  }

  async find(id: string, manager?: EntityManager): Promise<Task | null> {
    const [task] = await queryEntities(this.m(manager), Task, 'SELECT * FROM tasks WHERE id = $1', [id]);
    return task ?? null;
  }

  /**
   * A new task with its first message (seq 1): one statement, so atomic in one round trip;
   * inside `manager`'s transaction when given (a subtask and its parent's wait commit together).
   */
  async insertTask(
    values: NewTask,
    first: NewMessage,
    manager?: EntityManager,
  ): Promise<{ task: Task; message: TaskMessage }> {
    const m = this.m(manager);
    const [message] = messageRows(m, '', 1, [first]);
    const [row]: Record<string, unknown>[] = await m.query(
      `WITH task AS (
         INSERT INTO tasks (workspace_id, created_by, parent_id, mode, provider_id, status, prompt, title,
                            auto_approve, last_seq, todos, parent_call_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, 1, $16, $17) RETURNING *
       ), message AS (
         INSERT INTO task_messages (task_id, seq, ts, type, ask, say, text, partial, meta)
         SELECT id, 1, $10, $11, $12, $13, $14, false, $15::jsonb FROM task
       )
       SELECT * FROM task`,
      [
        values.workspaceId,
        values.createdBy,
        values.parentId,
        values.mode,
        values.providerId,
        values.status,
        values.prompt,
        values.title,
        JSON.stringify(values.autoApprove),
        message.ts,
        message.type,
        message.ask,
        message.say,
        message.text,
        JSON.stringify(message.meta),
        values.todos ?? '',
        values.parentCallId ?? null,
      ],
    );
    const task = hydrate(m, Task, row);
    message.taskId = task.id;
    return { task, message };
  }

  /**
   * THE status change: one UPDATE guarded by the statuses the transition table allows
   * `to` from, so two writers racing cannot both win; it returns the new row. Only when
   * nothing matched does a read say why (gone, not allowed, or changed meanwhile).
   */
  async transition(
    id: string,
    to: TaskStatus,
    patch: TaskPatch = {},
    manager?: EntityManager,
  ): Promise<Task> {
    const m = this.m(manager);
    const now = new Date();
    const res = await m
      .createQueryBuilder()
      .update(Task)
      .set({
        ...patch,
        status: to,
        updatedAt: now,
        ...(FINAL_STATUSES.includes(to) ? { completedAt: now } : {}),
        ...(to === 'queued' ? { completedAt: null, error: patch.error ?? null } : {}),
        ...(to === 'running' && !patch.startedAt ? { startedAt: () => 'COALESCE(started_at, :now)' } : {}),
      })
      .where('id = :id AND status IN (:...from)', { id, from: allowedFrom(to) })
      .setParameter('now', now)
      .returning('*')
      .execute();
    const row = (res.raw as Record<string, unknown>[])[0];
    if (row) return hydrate(m, Task, row);
    const current = await m.findOneBy(Task, { id });
    if (!current) throw new ConflictError('task is gone');
    assertTransition(current.status, to);
    throw new ConflictError(`task changed concurrently; cannot become ${to}`);
  }

  /** Appends messages with the next seqs (the task row's counter serialises writers). */
  async append(taskId: string, messages: NewMessage[], manager?: EntityManager): Promise<TaskMessage[]> {
    if (!messages.length) return [];
    const run = async (m: EntityManager) => {
      const raw: unknown[] = await m.query(
        'UPDATE tasks SET last_seq = last_seq + $2, updated_at = now() WHERE id = $1 RETURNING last_seq',
        [taskId, messages.length],
      );
      const rows = updatedRows<{ last_seq: number }>(raw);
      if (!rows.length) throw new ConflictError('task is gone');
      const entities = messageRows(m, taskId, rows[0].last_seq - messages.length + 1, messages);
      await m.insert(TaskMessage, entities as QueryDeepPartialEntity<TaskMessage>[]);
      return entities;
    };
    return manager ? run(manager) : this.db.transaction(run);
  }

  messages(taskId: string, afterSeq = 0, limit = 1000): Promise<TaskMessage[]> {
    return queryEntities(
      this.db,
      TaskMessage,
      'SELECT * FROM task_messages WHERE task_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
      [taskId, afterSeq, limit],
    );
  }

  lastAsk(taskId: string, manager?: EntityManager): Promise<TaskMessage | null> {
    return this.m(manager).findOne(TaskMessage, { where: { taskId, type: 'ask' }, order: { seq: 'DESC' } });
  }

  async addUsage(
    taskId: string,
    u: { tokensIn: number; tokensOut: number; cacheReads: number; cacheWrites: number; cost: number },
    manager?: EntityManager,
    steps = 1,
  ): Promise<Task> {
    const m = this.m(manager);
    const raw: unknown[] = await m.query(
      `UPDATE tasks SET tokens_in = tokens_in + $2, tokens_out = tokens_out + $3, cache_reads = cache_reads + $4,
         cache_writes = cache_writes + $5, cost = cost + $6, steps = steps + $7, updated_at = now() WHERE id = $1
       RETURNING *`,
      [taskId, u.tokensIn, u.tokensOut, u.cacheReads, u.cacheWrites, u.cost, steps],
    );
    const row = updatedRows<Record<string, unknown>>(raw)[0];
    if (!row) throw new ConflictError('task is gone');
    return hydrate(m, Task, row);
  }

  async setFields(taskId: string, patch: TaskPatch, manager?: EntityManager): Promise<void> {
    await this.m(manager).update(Task, { id: taskId }, { ...patch, updatedAt: new Date() });
  }

  /** The task row, locked until the transaction ends (serialises with status changes). */
  async findForUpdate(id: string, manager: EntityManager): Promise<Task | null> {
    const [task] = await queryEntities(manager, Task, 'SELECT * FROM tasks WHERE id = $1 FOR UPDATE', [id]);
    return task ?? null;
  }

  /** Queued user messages (`user_feedback` of kind message) after `seq`. */
  async messagesQueuedAfter(taskId: string, seq: number): Promise<number> {
    const [row]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM task_messages
        WHERE task_id = $1 AND seq > $2 AND say = 'user_feedback' AND meta->>'response' = 'message'`,
      [taskId, seq],
    );
    return row?.n ?? 0;
  }

  /** Keyset page over (created_at, id), newest first. */
  page(
    workspaceId: string,
    statuses: TaskStatus[] | undefined,
    after: { at: string; id: string } | undefined,
    take: number,
  ) {
    return queryEntities(
      this.db,
      Task,
      `SELECT * FROM tasks WHERE workspace_id = $1
         AND ($2::text[] IS NULL OR status = ANY($2))
         AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $5`,
      [workspaceId, statuses?.length ? statuses : null, after?.at ?? null, after?.id ?? null, take],
    );
  }

  byStatus(statuses: TaskStatus[], olderThan: Date, limit = 200): Promise<Task[]> {
    return this.db.manager
      .createQueryBuilder(Task, 't')
      .where('t.status IN (:...statuses)', { statuses })
      .andWhere('t.updated_at < :olderThan', { olderThan })
      .orderBy('t.updated_at', 'ASC')
      .take(limit)
      .getMany();
  }

  async remove(id: string): Promise<void> {
    await this.db.manager.delete(Task, { id });
  }

  /** Ids of unfinished tasks below this one, at any depth (nearest first). */
  async activeDescendants(id: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `WITH RECURSIVE sub(id, depth) AS (
         SELECT id, 1 FROM tasks WHERE parent_id = $1
         UNION ALL
         SELECT t.id, sub.depth + 1 FROM tasks t JOIN sub ON t.parent_id = sub.id WHERE sub.depth < 100
       )
       SELECT sub.id FROM sub JOIN tasks t ON t.id = sub.id
        WHERE t.status = ANY($2) ORDER BY sub.depth`,
      [id, ACTIVE_STATUSES],
    );
    return rows.map((r) => r.id);
  }

  /** How many subtasks a task has started (any status). */
  async countChildren(parentId: string): Promise<number> {
    const [row]: { n: number }[] = await this.db.query(
      'SELECT count(*)::int AS n FROM tasks WHERE parent_id = $1',
      [parentId],
    );
    return row?.n ?? 0;
  }

  children(parentId: string): Promise<Task[]> {
    return this.db.manager.find(Task, {
      where: { parentId, status: In([...ACTIVE_STATUSES]) },
    });
  }

  /**
   * Queues a parent again if it is waiting for exactly this child (guarded, so a late or
   * repeated report is a no-op). Returns the parent row, or null when it was not waiting.
   */
  async resumeWaitingParent(parentId: string, childId: string, manager: EntityManager): Promise<Task | null> {
    const raw: unknown[] = await manager.query(
      `UPDATE tasks SET status = 'queued', awaiting_task_id = NULL, completed_at = NULL, error = NULL,
              updated_at = now()
        WHERE id = $1 AND status = 'waiting_for_subtask' AND awaiting_task_id = $2 RETURNING *`,
      [parentId, childId],
    );
    const row = updatedRows<Record<string, unknown>>(raw)[0];
    return row ? hydrate(manager, Task, row) : null;
  }

  /** The text of the task's last completion_result (what a subtask reports to its parent). */
  async lastCompletion(taskId: string, manager?: EntityManager): Promise<string | null> {
    const rows: { text: string }[] = await this.m(manager).query(
      `SELECT text FROM task_messages WHERE task_id = $1 AND say = 'completion_result'
        ORDER BY seq DESC LIMIT 1`,
      [taskId],
    );
    return rows[0]?.text ?? null;
  }

  /** The id of the parent's new_task call that started its last subtask. */
  async openSubtaskCall(parentId: string, manager?: EntityManager): Promise<string | null> {
    const rows: { id: string | null }[] = await this.m(manager).query(
      `SELECT meta->>'toolCallId' AS id FROM task_messages
        WHERE task_id = $1 AND say = 'tool' AND meta ? 'subtask' ORDER BY seq DESC LIMIT 1`,
      [parentId],
    );
    return rows[0]?.id ?? null;
  }

  /** Queues a parent whose awaited subtask was deleted (guarded like resumeWaitingParent). */
  async resumeOrphanedParent(parentId: string, manager: EntityManager): Promise<Task | null> {
    const raw: unknown[] = await manager.query(
      `UPDATE tasks SET status = 'queued', completed_at = NULL, error = NULL, updated_at = now()
        WHERE id = $1 AND status = 'waiting_for_subtask' AND awaiting_task_id IS NULL RETURNING *`,
      [parentId],
    );
    const row = updatedRows<Record<string, unknown>>(raw)[0];
    return row ? hydrate(manager, Task, row) : null;
  }

  /** Tasks waiting for a subtask that is finished or gone (the sweep's safety net). */
  async orphanedWaits(olderThan: Date, limit = 100): Promise<Task[]> {
    return queryEntities(
      this.db,
      Task,
      `SELECT p.* FROM tasks p LEFT JOIN tasks c ON c.id = p.awaiting_task_id
        WHERE p.status = 'waiting_for_subtask' AND p.updated_at < $1
          AND (c.id IS NULL OR c.status = ANY($2))
        ORDER BY p.updated_at LIMIT $3`,
      [olderThan, FINAL_STATUSES, limit],
    );
  }
}

/** Rows for `messages`, numbered from `firstSeq`. */
function messageRows(
  m: EntityManager,
  taskId: string,
  firstSeq: number,
  messages: NewMessage[],
): TaskMessage[] {
  const ts = Date.now();
  return messages.map((msg, i) =>
    m.create(TaskMessage, {
      taskId,
      seq: firstSeq + i,
      ts,
      type: msg.type,
      ask: msg.type === 'ask' ? (msg.ask ?? null) : null,
      say: msg.type === 'say' ? (msg.say ?? null) : null,
      text: msg.text ?? '',
      partial: false,
      meta: msg.meta ?? {},
    }),
  );
}
