import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RedisService } from '../redis/redis.service.js';
import { MailService } from './mail.service.js';
import { taskWaitingMail } from './templates.js';

export interface WaitingTask {
  id: string;
  workspaceId: string;
  createdBy: string;
  title: string;
}

/**
 * Mails a task's creator when the task starts waiting for input, if they opted in. At most
 * one mail per task per TASK_WAIT_MAIL_INTERVAL_S, across every process (a Redis key taken
 * with SET NX), so a chatty task or several replicas never flood an inbox.
 */
@Injectable()
export class TaskWaitNotifier {
  private readonly logger = new Logger('TaskWaitNotifier');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly redis: RedisService,
    private readonly mail: MailService,
  ) {}

  /** Never throws and never delays the caller (the agent loop). */
  taskWaiting(task: WaitingTask): void {
    if (!this.mail.available) return;
    void this.notify(task).catch((e: unknown) =>
      this.logger.warn(`task ${task.id}: ${e instanceof Error ? e.message : 'notification failed'}`),
    );
  }

  /** Sends (or skips) the notification; resolves to whether a mail went out. */
  async notify(task: WaitingTask): Promise<boolean> {
    if (!this.mail.available) return false;
    const rows: { email: string; display_name: string; verified: boolean; workspace: string }[] =
      await this.db.query(
        `SELECT u.email, u.display_name, u.email_verified_at IS NOT NULL AS verified, w.name AS workspace
           FROM users u JOIN workspaces w ON w.id = $2
          WHERE u.id = $1 AND u.notify_task_waiting AND u.disabled_at IS NULL`,
        [task.createdBy, task.workspaceId],
      );
    const user = rows[0];
    // Only to an address the owner proved, unless the instance does not verify addresses.
    if (!user || (!user.verified && this.config.EMAIL_VERIFICATION !== 'off')) return false;
    const interval = this.config.TASK_WAIT_MAIL_INTERVAL_S;
    if (interval > 0) {
      const key = `${this.redis.prefix}mail:task-waiting:${task.id}`;
      if ((await this.redis.client.set(key, '1', 'EX', interval, 'NX')) !== 'OK') return false;
    }
    await this.mail.send({
      to: user.email,
      ...taskWaitingMail({
        name: user.display_name,
        title: task.title,
        workspace: user.workspace,
        url: `${this.config.PUBLIC_URL}/workspaces/${task.workspaceId}/tasks/${task.id}`,
      }),
    });
    return true;
  }
}
