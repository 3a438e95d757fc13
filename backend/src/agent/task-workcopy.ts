import { Injectable, Logger } from '@nestjs/common';
import { TaskJournal } from '../tasks/task-journal.service.js';
import { conflictText, WorkcopyService } from '../workcopy/workcopy.service.js';

/**
 * A task's working copy for the length of one job: materialised before the run, the
 * current copy of the run's calls, synced back and removed after it (a resume builds a
 * fresh one from the bucket, which holds every synced step).
 */
@Injectable()
export class TaskWorkcopies {
  private readonly logger = new Logger('TaskWorkcopies');

  constructor(
    private readonly journal: TaskJournal,
    private readonly copies: WorkcopyService,
  ) {}

  /** Removes what crashed workers of this host left behind (at worker start). */
  sweep(): Promise<number> {
    return this.copies.sweep();
  }

  async during(taskId: string, signal: AbortSignal, fn: () => Promise<void>): Promise<void> {
    const task = await this.journal.task(taskId);
    if (!task || (task.status !== 'queued' && task.status !== 'running')) return fn();
    let copy;
    try {
      copy = await this.copies.materialise(task);
    } catch (e) {
      throw new Error(`could not prepare the working copy: ${(e as Error).message}`, { cause: e });
    }
    try {
      await this.copies.current.run({ copy, signal }, fn);
    } finally {
      try {
        const r = await this.copies.syncBack(copy);
        if (r.conflicts.length)
          await this.journal.record(taskId, [{ type: 'say', say: 'error', text: conflictText(r.conflicts) }]);
      } catch (e) {
        this.logger.warn(`task ${taskId}: final sync of the working copy failed: ${(e as Error).message}`);
      }
      await this.copies
        .remove(copy)
        .catch((e: Error) => this.logger.warn(`could not remove ${copy.dir}: ${e.message}`));
    }
  }
}
