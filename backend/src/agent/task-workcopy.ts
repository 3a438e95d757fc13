import { Injectable, Logger } from '@nestjs/common';
import { CheckpointsService } from '../checkpoints/checkpoints.service.js';
import { GitTasksService } from '../git/git-tasks.service.js';
import { TaskJournal } from '../tasks/task-journal.service.js';
import { conflictText, WorkcopyService, type SyncReport } from '../workcopy/workcopy.service.js';

const LISTED = 5;

/** A checkpoint's message: what the sync-back wrote (a few names, then a count). */
export function stepMessage(r: Pick<SyncReport, 'uploaded' | 'deleted'>): string {
  const parts = [...r.uploaded.map((p) => `changed ${p}`), ...r.deleted.map((p) => `deleted ${p}`)];
  const more = parts.length - LISTED;
  return parts.slice(0, LISTED).join(', ') + (more > 0 ? ` and ${more} more` : '');
}

/**
 * A task's working copy for the length of one job: materialised before the run, the
 * current copy of the run's calls, synced back and removed after it (a resume builds a
 * fresh one from the bucket, which holds every synced step). Around it the task's
 * lifecycle hooks: a checkpoint of the starting state and after every sync-back that
 * wrote something, the shadow repository released with the copy, and the git push of a
 * completed task (docs/git.md).
 */
@Injectable()
export class TaskWorkcopies {
  private readonly logger = new Logger('TaskWorkcopies');

  constructor(
    private readonly journal: TaskJournal,
    private readonly copies: WorkcopyService,
    private readonly checkpoints: CheckpointsService,
    private readonly git: GitTasksService,
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
    // record() never throws: a checkpoint that cannot be saved must not stop the task.
    await this.checkpoints.record(copy, 'step', 'task started');
    copy.afterSync = async (report) => {
      await this.checkpoints.record(copy, 'step', stepMessage(report));
    };
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
      copy.afterSync = undefined;
      await this.checkpoints
        .release(taskId)
        .catch((e: Error) =>
          this.logger.warn(`could not release the checkpoints of ${taskId}: ${e.message}`),
        );
      await this.copies
        .remove(copy)
        .catch((e: Error) => this.logger.warn(`could not remove ${copy.dir}: ${e.message}`));
    }
    // After the final sync-back, so the commit has every change of the run.
    const after = await this.journal.task(taskId);
    if (after?.status === 'completed')
      await this.git
        .onTaskCompleted(taskId)
        .catch((e: Error) => this.logger.warn(`task ${taskId}: git after completion failed: ${e.message}`));
  }
}
