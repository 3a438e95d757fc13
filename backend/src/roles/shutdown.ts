import type { Server } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';

/**
 * SIGTERM/SIGINT: stop accepting, let in-flight requests and jobs finish (Nest closes the
 * HTTP server and calls every shutdown hook), then exit; a stuck drain is cut after
 * SHUTDOWN_TIMEOUT_MS.
 */
export function installShutdown(
  app: INestApplicationContext,
  config: AppConfig,
  servers: Server[] = [],
): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(JSON.stringify({ level: 30, msg: `${signal}: draining`, role: config.ROLE }) + '\n');
    setTimeout(() => process.exit(1), config.SHUTDOWN_TIMEOUT_MS).unref();
    for (const s of servers) s.close();
    // close() only ends connections idle at that moment; a keep-alive connection (nginx's
    // upstream pool, a client) that finishes its request later would hold the drain until
    // the timeout. End each one as soon as it goes idle.
    const http = (app as { getHttpServer?: () => Server }).getHttpServer?.();
    setInterval(() => {
      for (const s of [http, ...servers]) s?.closeIdleConnections?.();
    }, 100).unref();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
