import { ConflictError } from '../common/errors/domain-errors.js';
import { TASK_STATUSES, type TaskStatus } from '../realtime/contract.js';

// The list lives in the realtime contract the UI shares.
export { TASK_STATUSES, type TaskStatus };
export const FINAL_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'cancelled'];

/** Statuses of a task that is not finished (it may still run, wait, or be cancelled). */
export const ACTIVE_STATUSES: readonly TaskStatus[] = [
  'queued',
  'running',
  'waiting_for_input',
  'waiting_for_subtask',
];

/**
 * Every allowed status change, in one table. queued → running ⇄ waiting_for_input →
 * completed | failed | cancelled; an answer sends a waiting task back to the queue, a
 * resume sends a finished one back to the queue, and a worker picking a stalled job up
 * again re-enters `running`. A task that started a subtask (new_task) waits for it in
 * `waiting_for_subtask` without holding a worker; the subtask's end queues it again.
 */
export const TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = {
  queued: ['running', 'cancelled', 'failed'],
  running: [
    'running',
    'waiting_for_input',
    'waiting_for_subtask',
    'completed',
    'failed',
    'cancelled',
    'queued',
  ],
  waiting_for_input: ['queued', 'running', 'cancelled', 'failed'],
  waiting_for_subtask: ['queued', 'cancelled', 'failed'],
  completed: ['queued'],
  failed: ['queued'],
  cancelled: ['queued'],
};

export const canTransition = (from: TaskStatus, to: TaskStatus) => TRANSITIONS[from].includes(to);

/** The statuses a task may be in to move to `to` (used in the guarded UPDATE). */
export const allowedFrom = (to: TaskStatus): TaskStatus[] =>
  TASK_STATUSES.filter((from) => TRANSITIONS[from].includes(to));

export function assertTransition(from: TaskStatus, to: TaskStatus): void {
  if (!canTransition(from, to)) throw new ConflictError(`a ${from} task cannot become ${to}`);
}
