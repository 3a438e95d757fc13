import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { Worker, type Job } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { redactKnownKeys } from '../providers/llm/redact.js';
import { RedisService } from '../redis/redis.service.js';
import { TaskJournal } from '../tasks/task-journal.service.js';
import { TaskSignals } from '../tasks/task-signals.service.js';
import { AGENT_JOB, AGENT_QUEUE, bullPrefix, TasksQueue, type AgentJobData } from '../tasks/tasks.queue.js';
import { AGENT_OPTIONS, type AgentOptions } from './agent-options.js';
import { AgentRunner } from './agent-runner.js';
import { TaskWorkcopies } from './task-workcopy.js';

/**
 * The BullMQ consumer of `agent.run` (worker role). Stalled-job detection is on: a killed
 * worker's job is picked up again and continues from the persisted history; past
 * `maxStalledCount` it fails and the sweep marks its task failed. A cancel signal aborts
 * the running model request at once.
 */
@Injectable()
export class AgentWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AgentWorker');
  private worker?: Worker<AgentJobData>;
  private readonly running = new Map<string, AbortController>();
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AGENT_OPTIONS) private readonly options: AgentOptions,
    private readonly redis: RedisService,
    private readonly runner: AgentRunner,
    private readonly journal: TaskJournal,
    private readonly signals: TaskSignals,
    private readonly queue: TasksQueue,
    private readonly metrics: MetricsService,
    private readonly copies: TaskWorkcopies,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Nothing of this process runs yet: copies of this host's dead workers are orphans.
    await this.copies.sweep();
    await this.signals.onCancel((taskId) => this.running.get(taskId)?.abort());
    this.worker = new Worker<AgentJobData>(AGENT_QUEUE, (job) => this.process(job), {
      connection: this.redis.create({ maxRetriesPerRequest: null }),
      prefix: bullPrefix(this.redis),
      concurrency: this.config.WORKER_CONCURRENCY,
      lockDuration: this.options.lockDurationMs,
      stalledInterval: this.options.stalledIntervalMs,
      maxStalledCount: this.options.maxStalledCount,
      skipStalledCheck: false,
    });
    this.worker.on('error', (e) => this.logger.warn(`queue error: ${e.message}`));
    this.worker.on('stalled', (jobId) =>
      this.logger.warn(`job ${jobId} stalled; it runs again from its history`),
    );
    this.sweepTimer = setInterval(
      () => void this.sweep().catch((e: Error) => this.logger.warn(`sweep failed: ${e.message}`)),
      this.options.sweepIntervalMs,
    );
    this.sweepTimer.unref();
  }

  private async process(job: Job<AgentJobData>): Promise<void> {
    if (job.name !== AGENT_JOB) throw new Error(`no handler for job ${job.name}`);
    const { taskId } = job.data;
    const abort = new AbortController();
    this.running.set(taskId, abort);
    const timer = this.metrics.taskDuration.startTimer();
    try {
      // A user may answer between the run's last write and the job's end; run again then.
      // The run works on a working copy of the workspace, synced back and removed after it.
      await this.copies.during(taskId, abort.signal, async () => {
        for (let i = 0; i < 100; i++) {
          await this.runner.run(taskId, abort.signal);
          const t = await this.journal.task(taskId);
          if (abort.signal.aborted || t?.status !== 'queued') break;
        }
      });
    } catch (e) {
      // This handler does not know the task's profile: redact every key this process opened.
      const reason = redactKnownKeys(`agent error: ${(e as Error).message}`)
        .replaceAll('\u0000', '\ufffd')
        .slice(0, 500);
      this.logger.error(`task ${taskId} failed: ${reason}`);
      const t = await this.journal.task(taskId).catch(() => null);
      if (t && (t.status === 'running' || t.status === 'queued')) {
        await this.journal
          .record(taskId, [{ type: 'say', say: 'error', text: reason }], {
            to: 'failed',
            patch: { error: reason },
          })
          .catch(() => undefined);
      }
    } finally {
      this.running.delete(taskId);
      const t = await this.journal.task(taskId).catch(() => null);
      timer({ status: t?.status ?? 'deleted' });
    }
  }

  /**
   * Recovers what a crash can leave behind: a queued task without a job is enqueued; a
   * running task whose job is gone or failed (e.g. stalled too often) is failed with the
   * reason. Also refreshes the queue-depth gauge.
   */
  async sweep(): Promise<void> {
    const before = new Date(Date.now() - this.options.sweepGraceMs);
    for (const t of await this.journal.stale(['queued'], before)) await this.queue.enqueueQuietly(t.id);
    // A parent whose subtask ended (or was deleted) without answering it goes on.
    await this.journal.recoverWaits(before);
    for (const t of await this.journal.stale(['running'], before)) {
      if (this.running.has(t.id)) continue;
      const { state, reason } = await this.queue.jobState(t.id);
      if (state !== 'missing' && state !== 'failed' && state !== 'completed') continue;
      const why = `the worker lost this task: ${reason ?? `job ${state}`}`;
      await this.journal
        .record(t.id, [{ type: 'say', say: 'error', text: why }], { to: 'failed', patch: { error: why } })
        .catch(() => undefined);
    }
    const counts = await this.queue.counts();
    for (const [state, n] of Object.entries(counts))
      this.metrics.queueJobs.set({ queue: AGENT_QUEUE, state }, n);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.worker?.close();
  }
}
