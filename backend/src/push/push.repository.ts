import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PushSubscription } from './push-subscription.entity.js';

/** Browsers one user keeps subscribed; the oldest goes when a new one would pass this. */
export const MAX_SUBSCRIPTIONS_PER_USER = 20;

export interface TaskForPush {
  id: string;
  workspaceId: string;
  createdBy: string;
  title: string;
  status: string;
  updatedAt: Date;
  /** The kind of the task's last ask (followup, tool, command…), if any. */
  lastAsk: string | null;
}

@Injectable()
export class PushRepository {
  constructor(@InjectRepository(PushSubscription) private readonly subs: Repository<PushSubscription>) {}

  /**
   * Saves the browser's subscription for `userId`. The endpoint names one browser profile:
   * subscribed again (keys rotated, or another user signed in there) it moves, never doubles.
   */
  async upsert(values: Pick<PushSubscription, 'userId' | 'endpoint' | 'p256dh' | 'auth' | 'deviceLabel'>) {
    const rows: PushSubscription[] = await this.subs.manager.transaction(async (m) => {
      // Serialises one user's subscribes, so the cap below holds under concurrency.
      await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`push:${values.userId}`]);
      const saved: Record<string, unknown>[] = await m.query(
        `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, device_label)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (endpoint) DO UPDATE SET user_id = $1, p256dh = $3, auth = $4, device_label = $5,
           last_error = NULL
         RETURNING id`,
        [values.userId, values.endpoint, values.p256dh, values.auth, values.deviceLabel],
      );
      await m.query(
        `DELETE FROM push_subscriptions WHERE user_id = $1 AND id IN (
           SELECT id FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at DESC, id OFFSET $2)`,
        [values.userId, MAX_SUBSCRIPTIONS_PER_USER],
      );
      return m.findBy(PushSubscription, { id: saved[0].id as string });
    });
    return rows[0];
  }

  list(userId: string): Promise<PushSubscription[]> {
    return this.subs.find({ where: { userId }, order: { createdAt: 'ASC' } });
  }

  /** Removes the user's subscription; false when it is not theirs (or gone). */
  async remove(userId: string, id: string): Promise<boolean> {
    const res = await this.subs.delete({ id, userId });
    return (res.affected ?? 0) > 0;
  }

  async removeEndpoint(id: string): Promise<void> {
    await this.subs.delete({ id });
  }

  async markSent(id: string, error: string | null): Promise<void> {
    await this.subs.update(
      { id },
      error ? { lastError: error } : { lastSentAt: new Date(), lastError: null },
    );
  }

  /**
   * The task and its last ask, if its creator may still read it (a member of the workspace,
   * account not disabled); null otherwise.
   */
  async taskForPush(taskId: string): Promise<TaskForPush | null> {
    const rows: Record<string, unknown>[] = await this.subs.manager.query(
      `SELECT t.id, t.workspace_id, t.created_by, t.title, t.status, t.updated_at,
              (SELECT ask FROM task_messages m WHERE m.task_id = t.id AND m.type = 'ask'
                ORDER BY m.seq DESC LIMIT 1) AS last_ask
         FROM tasks t
         JOIN memberships ms ON ms.workspace_id = t.workspace_id AND ms.user_id = t.created_by
         JOIN users u ON u.id = t.created_by AND u.disabled_at IS NULL
        WHERE t.id = $1`,
      [taskId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id as string,
      workspaceId: r.workspace_id as string,
      createdBy: r.created_by as string,
      title: r.title as string,
      status: r.status as string,
      updatedAt: r.updated_at as Date,
      lastAsk: (r.last_ask as string | null) ?? null,
    };
  }
}
