import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { AppConfig } from '../config/app-config.js';
import { RedisService } from '../redis/redis.service.js';
import { socketIoKey } from './events.js';

type IoServer = ReturnType<IoAdapter['createIOServer']>;
type IoOptions = Parameters<IoAdapter['createIOServer']>[1];

/** Socket.IO with the Redis adapter, so every api replica sees every room and server-side event. */
export class RedisIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
    this.redis = app.get(RedisService);
  }

  private readonly redis: RedisService;

  override createIOServer(port: number, options?: IoOptions): IoServer {
    const cors = {
      origin: this.config.CORS_ORIGINS.length ? this.config.CORS_ORIGINS : false,
      credentials: true,
    };
    const server = super.createIOServer(port, { ...options, cors } as IoOptions);
    const adapter = createAdapter(this.redis.create(), this.redis.create(), {
      key: socketIoKey(this.redis.prefix),
    });
    server.adapter(adapter);
    return server;
  }
}
