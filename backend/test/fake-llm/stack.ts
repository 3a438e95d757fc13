import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { io, type Socket } from 'socket.io-client';
import { AgentModule } from '../../src/agent/agent.module.js';
import type { AgentOptions } from '../../src/agent/agent-options.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { createApiApp } from '../../src/roles/api.js';
import { WorkerModule } from '../../src/roles/worker.module.js';

/** Fast stall detection and sweeps, so recovery paths run in seconds. */
export const FAST_AGENT: Partial<AgentOptions> = {
  lockDurationMs: 2_000,
  stalledIntervalMs: 1_000,
  sweepIntervalMs: 500,
  sweepGraceMs: 300,
};

/** The real worker role in this process, sharing the API's database, Redis prefix and bucket. */
export async function startWorker(
  config: AppConfig,
  options: Partial<AgentOptions> = {},
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(
    WorkerModule.forRoot({ ...config, ROLE: 'worker' }, {}, [
      AgentModule.forRoot({ ...FAST_AGENT, ...options }),
    ]),
    { logger: false },
  );
  await app.init();
  return app;
}

/** A second API replica on the same database and Redis (events must reach it too). */
export async function startApiReplica(
  config: AppConfig,
): Promise<{ app: NestExpressApplication; url: string }> {
  const app = await createApiApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

export function connect(url: string, token: string): Promise<Socket> {
  const socket = io(`${url}/tasks`, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => reject(e));
  });
}

export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what} not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
