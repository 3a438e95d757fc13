import { describe, expect, it } from 'vitest';
import { allowedFrom, assertTransition, canTransition, TASK_STATUSES, TRANSITIONS } from './transitions.js';

describe('task status transitions', () => {
  it('follows queued → running ⇄ waiting_for_input → final', () => {
    expect(canTransition('queued', 'running')).toBe(true);
    expect(canTransition('running', 'waiting_for_input')).toBe(true);
    expect(canTransition('waiting_for_input', 'running')).toBe(true);
    for (const final of ['completed', 'failed', 'cancelled'] as const)
      expect(canTransition('running', final)).toBe(true);
  });

  it('never leaves a final status except back to the queue (resume)', () => {
    for (const final of ['completed', 'failed', 'cancelled'] as const) {
      expect(TRANSITIONS[final]).toEqual(['queued']);
    }
  });

  it('refuses jumps the table does not list', () => {
    expect(canTransition('queued', 'completed')).toBe(false);
    expect(canTransition('queued', 'waiting_for_input')).toBe(false);
    expect(canTransition('completed', 'running')).toBe(false);
    expect(canTransition('cancelled', 'completed')).toBe(false);
    expect(() => assertTransition('completed', 'cancelled')).toThrow(
      /a completed task cannot become cancelled/,
    );
  });

  it('a task waiting for its subtask leaves only for the queue (the subtask ended), cancel or failure', () => {
    expect(canTransition('running', 'waiting_for_subtask')).toBe(true);
    expect(TRANSITIONS.waiting_for_subtask.slice().sort()).toEqual(['cancelled', 'failed', 'queued']);
    // A worker never picks it up directly: it holds no job while it waits.
    expect(canTransition('waiting_for_subtask', 'running')).toBe(false);
    expect(canTransition('queued', 'waiting_for_subtask')).toBe(false);
  });

  it('derives the guarded UPDATE sources from the same table', () => {
    expect(allowedFrom('cancelled').sort()).toEqual([
      'queued',
      'running',
      'waiting_for_input',
      'waiting_for_subtask',
    ]);
    expect(allowedFrom('queued').sort()).toEqual([
      'cancelled',
      'completed',
      'failed',
      'running',
      'waiting_for_input',
      'waiting_for_subtask',
    ]);
    for (const to of TASK_STATUSES)
      for (const from of allowedFrom(to)) expect(canTransition(from, to)).toBe(true);
  });
});
