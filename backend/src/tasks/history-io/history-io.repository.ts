import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { Task, TaskMessage, type ImportedFrom } from '../entities.js';
import type { ImportedMessage } from './import.js';

/** Rows per INSERT of imported messages (well under Postgres' 65,535 parameters at 9 a row). */
const CHUNK = 1000;

/** Database access of history import/export. */
@Injectable()
export class HistoryIoRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A finished, imported task with its whole history, in one transaction (all or nothing). */
  insertImported(
    values: Pick<Task, 'workspaceId' | 'createdBy' | 'mode' | 'prompt' | 'title'> & {
      imported: ImportedFrom;
    },
    messages: ImportedMessage[],
  ): Promise<Task> {
    return this.db.transaction(async (m) => {
      const now = new Date();
      const task = await m.save(
        m.create(Task, {
          ...values,
          parentId: null,
          parentCallId: null,
          awaitingTaskId: null,
          providerId: null,
          status: 'completed',
          autoApprove: {},
          todos: '',
          lastSeq: messages.length,
          completedAt: now,
          error: null,
          startedAt: null,
        }),
      );
      for (let i = 0; i < messages.length; i += CHUNK) {
        const rows = messages.slice(i, i + CHUNK).map((msg, j) => ({
          taskId: task.id,
          seq: i + j + 1,
          ts: msg.ts,
          type: msg.type,
          ask: msg.ask,
          say: msg.say,
          text: msg.text,
          partial: false,
          meta: msg.meta,
        }));
        await m.insert(TaskMessage, rows as QueryDeepPartialEntity<TaskMessage>[]);
      }
      return task;
    });
  }

  /** The whole history of a task, in order. */
  history(taskId: string): Promise<TaskMessage[]> {
    return this.db.manager.find(TaskMessage, { where: { taskId }, order: { seq: 'ASC' } });
  }
}
