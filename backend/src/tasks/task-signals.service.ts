import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisService } from '../redis/redis.service.js';

/** Cross-process "stop this task now" signal (api → worker), over Redis pub/sub. */
@Injectable()
export class TaskSignals implements OnModuleDestroy {
  private sub?: Redis;
  private readonly handlers = new Set<(taskId: string) => void>();

  constructor(private readonly redis: RedisService) {}

  private get channel(): string {
    return `${this.redis.prefix}task-cancel`;
  }

  async cancel(taskId: string): Promise<void> {
    await this.redis.client.publish(this.channel, taskId).catch(() => undefined);
  }

  /** Calls `handler` for every cancel signal (the worker's running jobs listen). */
  async onCancel(handler: (taskId: string) => void): Promise<void> {
    this.handlers.add(handler);
    if (this.sub) return;
    this.sub = this.redis.create();
    this.sub.on('message', (_channel: string, taskId: string) => {
      for (const h of this.handlers) h(taskId);
    });
    await this.sub.subscribe(this.channel);
  }

  onModuleDestroy(): void {
    this.handlers.clear();
  }
}
