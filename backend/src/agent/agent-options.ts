import type { BreakerSettings } from '../providers/llm-clients.service.js';

/** Knobs of the worker's queue consumer; tests shorten them, production uses the defaults. */
export interface AgentOptions {
  /** How long a job's lock lives without renewal; a killed worker's job is stalled after it. */
  lockDurationMs: number;
  /** How often workers look for stalled jobs. */
  stalledIntervalMs: number;
  /** Stalls after which the job (and its task) fails instead of running again. */
  maxStalledCount: number;
  /** How often the sweep re-enqueues orphaned queued tasks, fails lost running ones, refreshes gauges. */
  sweepIntervalMs: number;
  /** A task must be this old in its status before the sweep touches it. */
  sweepGraceMs: number;
  breaker?: Partial<BreakerSettings>;
}

export const AGENT_OPTIONS = Symbol('AGENT_OPTIONS');
export const DEFAULT_AGENT_OPTIONS: AgentOptions = {
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 1,
  sweepIntervalMs: 15_000,
  sweepGraceMs: 10_000,
};
