import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Agent, fetch as undiciFetch } from 'undici';
import webpush from 'web-push';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RedisService } from '../redis/redis.service.js';
import type { PushPayload } from './dto.js';
import { checkPushEndpoint, pushEgressPolicy } from './push-egress.js';
import type { PushSubscription } from './push-subscription.entity.js';
import type { PushJobData } from './push.queue.js';
import { PushRepository, type TaskForPush } from './push.repository.js';
import { vapidKeys, type VapidKeys } from './vapid.js';

/** How long a push service keeps an undelivered notification (a stale "waiting" is noise after a day). */
export const PUSH_TTL_SECONDS = 24 * 3600;
const SEND_TIMEOUT_MS = 10_000;
/** Service addresses move when containers are replaced; re-resolve them this often. */
const REFRESH_MS = 30_000;

/** Why a task's status is worth a notification, or null. */
export function pushKind(task: Pick<TaskForPush, 'status' | 'lastAsk'>): PushPayload['kind'] | null {
  if (task.status === 'completed' || task.status === 'failed') return task.status;
  if (task.status !== 'waiting_for_input') return null;
  return task.lastAsk === 'followup' ? 'question' : 'approval';
}

export type SendOutcome = 'sent' | 'gone' | 'failed';

/**
 * Sends notifications (worker role): to the task's creator, on each browser they opted in
 * from, at most once per task, kind and PUSH_THROTTLE_SECONDS. The payload is encrypted for
 * the browser (RFC 8291, aes128gcm) and signed with our VAPID key (RFC 8292); requests go
 * through the egress policy (no private addresses, no redirects). A subscription the push
 * service says is gone (404/410) is deleted.
 */
@Injectable()
export class PushSender implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('PushSender');
  private readonly vapid: VapidKeys | null;
  private readonly policy;
  private readonly agent: Agent;
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: PushRepository,
    private readonly redis: RedisService,
  ) {
    this.vapid = vapidKeys(config);
    this.policy = pushEgressPolicy(config.PUSH_TRUSTED_HOSTS, config.PROVIDER_EGRESS_DENY);
    this.agent = new Agent({ connect: { lookup: this.policy.lookup }, keepAliveTimeout: 10_000 });
  }

  async onModuleInit(): Promise<void> {
    await this.policy.refreshDeniedAddresses();
    this.timer = setInterval(() => void this.policy.refreshDeniedAddresses(), REFRESH_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    // destroy, not close: close waits for every queued request, and sends to a push service
    // that never answers stay queued after their timeout (a worker with 1,072 of them for one
    // unreachable origin did not stop). The push jobs have ended by now; nothing awaits these.
    await this.agent.destroy().catch(() => undefined);
  }

  /** One queued status change: returns how many browsers were sent to. */
  async notifyTask(job: PushJobData): Promise<number> {
    if (!this.vapid) return 0;
    const task = await this.repo.taskForPush(job.taskId);
    // Gone, its creator left the workspace, or it moved on already (answered, resumed).
    if (!task || task.status !== job.status) return 0;
    const kind = pushKind(task);
    if (!kind) return 0;
    const subs = await this.repo.list(task.createdBy);
    if (!subs.length) return 0;
    if (!(await this.claim(task.createdBy, task.id, kind))) return 0;
    const payload: PushPayload = {
      kind,
      title: task.title,
      taskId: task.id,
      workspaceId: task.workspaceId,
      url: `/workspaces/${task.workspaceId}/tasks/${task.id}`,
    };
    const outcomes = await Promise.all(subs.map((s) => this.send(s, payload)));
    return outcomes.filter((o) => o === 'sent').length;
  }

  /** The throttle: true for the first notification of this user, task and kind in the window. */
  private async claim(userId: string, taskId: string, kind: string): Promise<boolean> {
    const window = this.config.PUSH_THROTTLE_SECONDS;
    if (window <= 0) return true;
    const key = `${this.redis.prefix}push:sent:${userId}:${taskId}:${kind}`;
    return (await this.redis.client.set(key, '1', 'EX', window, 'NX')) === 'OK';
  }

  async send(sub: PushSubscription, payload: PushPayload): Promise<SendOutcome> {
    const vapid = this.vapid;
    if (!vapid) return 'failed';
    try {
      checkPushEndpoint(sub.endpoint, this.config.PUSH_TRUSTED_HOSTS, this.policy);
      const req = webpush.generateRequestDetails(
        { endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } },
        JSON.stringify(payload),
        {
          vapidDetails: vapid,
          TTL: PUSH_TTL_SECONDS,
          contentEncoding: 'aes128gcm',
          urgency: payload.kind === 'completed' ? 'normal' : 'high',
        },
      );
      const res = await undiciFetch(req.endpoint, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: req.body ?? undefined,
        redirect: 'manual',
        dispatcher: this.agent,
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status === 404 || res.status === 410) {
        await this.repo.removeEndpoint(sub.id);
        return 'gone';
      }
      if (res.status < 200 || res.status >= 300) {
        await this.repo.markSent(sub.id, `the push service answered ${res.status}`);
        return 'failed';
      }
      await this.repo.markSent(sub.id, null);
      return 'sent';
    } catch (e) {
      const why = e instanceof Error ? e.message : 'send failed';
      this.logger.warn(`push to subscription ${sub.id} failed: ${why}`);
      await this.repo.markSent(sub.id, why.slice(0, 300)).catch(() => undefined);
      return 'failed';
    }
  }
}
