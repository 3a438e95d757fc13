import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { updatedRows } from '../database/raw-query.js';
import { TaskShare } from './entities.js';

export interface ShareRow {
  id: string;
  taskId: string;
  taskTitle: string;
  workspaceId: string;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: Date;
  expiresAt: Date;
}

/** Database access of share links. */
@Injectable()
export class SharesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  insert(values: Pick<TaskShare, 'taskId' | 'tokenHash' | 'createdBy' | 'expiresAt'>): Promise<TaskShare> {
    return this.db.manager.save(this.db.manager.create(TaskShare, values));
  }

  byToken(tokenHash: string): Promise<TaskShare | null> {
    return this.db.manager.findOneBy(TaskShare, { tokenHash });
  }

  /** Links still valid at `now` (and created after `bornAfter`), of a task or of a workspace. */
  async live(scope: { taskId: string } | { workspaceId: string }, now: Date, bornAfter: Date) {
    const [column, value] =
      'taskId' in scope ? ['t.id', scope.taskId] : ['t.workspace_id', scope.workspaceId];
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT s.id, s.task_id, t.title, t.workspace_id, s.created_by, u.display_name, s.created_at, s.expires_at
         FROM task_shares s
         JOIN tasks t ON t.id = s.task_id
         LEFT JOIN users u ON u.id = s.created_by
        WHERE ${column} = $1 AND s.expires_at > $2 AND s.created_at > $3
        ORDER BY s.created_at DESC, s.id
        LIMIT 1000`,
      [value, now, bornAfter],
    );
    return rows.map(toRow);
  }

  async one(id: string): Promise<ShareRow | null> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT s.id, s.task_id, t.title, t.workspace_id, s.created_by, u.display_name, s.created_at, s.expires_at
         FROM task_shares s
         JOIN tasks t ON t.id = s.task_id
         LEFT JOIN users u ON u.id = s.created_by
        WHERE s.id = $1`,
      [id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  async remove(id: string): Promise<void> {
    await this.db.manager.delete(TaskShare, { id });
  }

  /** Deletes every link `userId` made on tasks of `workspaceId`; returns their ids. */
  async removeByCreator(m: EntityManager, workspaceId: string, userId: string): Promise<string[]> {
    const raw: unknown[] = await m.query(
      `DELETE FROM task_shares s USING tasks t
        WHERE s.task_id = t.id AND t.workspace_id = $1 AND s.created_by = $2
        RETURNING s.id`,
      [workspaceId, userId],
    );
    return updatedRows<{ id: string }>(raw).map((r) => r.id);
  }
}

const toRow = (r: Record<string, unknown>): ShareRow => ({
  id: r.id as string,
  taskId: r.task_id as string,
  taskTitle: r.title as string,
  workspaceId: r.workspace_id as string,
  createdBy: (r.created_by as string | null) ?? null,
  createdByName: (r.display_name as string | null) ?? null,
  createdAt: new Date(r.created_at as string),
  expiresAt: new Date(r.expires_at as string),
});
