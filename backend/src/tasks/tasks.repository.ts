import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { ConflictError } from '../common/errors/domain-errors.js';
import { hydrate, queryEntities, updatedRows } from '../database/raw-query.js';
import { Task, TaskMessage, type NewMessage } from './entities.js';
import { allowedFrom, assertTransition, FINAL_STATUSES, type TaskStatus } from './transitions.js';

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
>;
export type TaskPatch = Partial<Pick<Task, 'error' | 'mode' | 'todos' | 'startedAt' | 'completedAt'>>;

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

  /** A new task with its first message (seq 1): one statement, so atomic in one round trip. */
  async insertTask(values: NewTask, first: NewMessage): Promise<{ task: Task; message: TaskMessage }> {
    const [message] = messageRows(this.db.manager, '', 1, [first]);
    const [row]: Record<string, unknown>[] = await this.db.query(
      `WITH task AS (
         INSERT INTO tasks (workspace_id, created_by, parent_id, mode, provider_id, status, prompt, title,
                            auto_approve, last_seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, 1) RETURNING *
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
      ],
    );
    const task = hydrate(this.db, Task, row);
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
  ): Promise<Task> {
    const m = this.m(manager);
    const raw: unknown[] = await m.query(
      `UPDATE tasks SET tokens_in = tokens_in + $2, tokens_out = tokens_out + $3, cache_reads = cache_reads + $4,
         cache_writes = cache_writes + $5, cost = cost + $6, steps = steps + 1, updated_at = now() WHERE id = $1
       RETURNING *`,
      [taskId, u.tokensIn, u.tokensOut, u.cacheReads, u.cacheWrites, u.cost],
    );
    const row = updatedRows<Record<string, unknown>>(raw)[0];
    if (!row) throw new ConflictError('task is gone');
    return hydrate(m, Task, row);
  }

  async setFields(taskId: string, patch: TaskPatch): Promise<void> {
    await this.db.manager.update(Task, { id: taskId }, { ...patch, updatedAt: new Date() });
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
        WHERE t.status IN ('queued', 'running', 'waiting_for_input') ORDER BY sub.depth`,
      [id],
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
      where: { parentId, status: In(['queued', 'running', 'waiting_for_input']) },
    });
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
