import { Inject, Injectable, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user.js';
import { TooManyRequestsError } from '../common/errors/domain-errors.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { TasksQueue } from '../tasks/tasks.queue.js';
import { WorkspacesService } from '../workspaces/workspaces.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Task creation is refused with 429 + Retry-After while the agent queue is past
 * TASK_QUEUE_MAX_WAITING jobs (all workspaces) or the workspace has TASK_QUEUE_MAX_PER_WORKSPACE
 * tasks queued: work the workers cannot start soon is better not accepted than accepted
 * and left to pile up. Checked only for a member (a stranger learns nothing of a
 * workspace's queue: same 404/403 as the route itself).
 */
@Injectable()
export class TaskQueueGuard implements CanActivate {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queue: TasksQueue,
    private readonly workspaces: WorkspacesService,
    private readonly metrics: MetricsService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const { TASK_QUEUE_MAX_WAITING: maxWaiting, TASK_QUEUE_MAX_PER_WORKSPACE: maxPerWorkspace } = this.config;
    if (!maxWaiting && !maxPerWorkspace) return true;
    const req = ctx.switchToHttp().getRequest<{ user?: AuthUser; params: Record<string, string> }>();
    const ws = req.params.ws;
    // A malformed id or no user: the route's own pipe and guard answer that.
    if (!req.user || !ws || !UUID.test(ws)) return true;
    await this.workspaces.requireRole(req.user, ws, 'member');
    const [waiting, queued] = await Promise.all([
      maxWaiting ? this.waitingJobs() : 0,
      maxPerWorkspace ? this.queuedTasks(ws, maxPerWorkspace) : 0,
    ]);
    const reason =
      maxWaiting && waiting >= maxWaiting
        ? 'task_queue_instance'
        : maxPerWorkspace && queued >= maxPerWorkspace
          ? 'task_queue_workspace'
          : undefined;
    if (!reason) return true;
    this.metrics.admissionRefused.inc({ reason });
    throw new TooManyRequestsError(this.config.TASK_QUEUE_RETRY_AFTER_S);
  }

  private async waitingJobs(): Promise<number> {
    const c = await this.queue.queue.getJobCounts('waiting', 'prioritized');
    return (c.waiting ?? 0) + (c.prioritized ?? 0);
  }

  /** Counts no further than the limit, so a workspace with a long history costs no more. */
  private async queuedTasks(ws: string, limit: number): Promise<number> {
    const rows: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM tasks WHERE workspace_id = $1 AND status = 'queued' LIMIT $2) q`,
      [ws, limit],
    );
    return rows[0]?.n ?? 0;
  }
}

/** On a route that creates tasks: refuse with 429 while the queues are full. */
export const LimitTaskQueue = () => UseGuards(TaskQueueGuard);
