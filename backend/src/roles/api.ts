import type { IncomingMessage, Server } from 'node:http';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import express from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { installAdmissionControl } from '../admission/install.js';
import type { AppConfig } from '../config/app-config.js';
import { AllExceptionsFilter } from '../common/errors/http-exception.filter.js';
import { jsonDepthLimit } from '../common/http/json-depth.js';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware.js';
import { startMetricsServer } from '../metrics/metrics-server.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { RedisIoAdapter } from '../realtime/redis-io.adapter.js';
import { StorageService } from '../storage/storage.service.js';
import { ApiModule } from './api.module.js';
import type { CoreOptions } from './core.module.js';
import { isJsonContentType, jsonOnly, wellFormedJson } from './json-only.js';
import { installShutdown } from './shutdown.js';
import { TrustedProxies } from './trusted-proxies.js';

export const API_PREFIX = 'api/v1';
/**
 * Routes that take the raw request body as a stream (file bytes, archives; task histories, JSON
 * larger than BODY_LIMIT read with their own limit); no JSON parsing there.
 */
const RAW_BODY_ROUTES = /\/files\/(content|import)(\?|$)|\/tasks\/import(\?|$)/;
const isRawRoute = (url: string) => RAW_BODY_ROUTES.test(url);

/** Builds the API application (shared by `main` and the tests); does not listen. */
export async function createApiApp(
  config: AppConfig,
  options: CoreOptions = {},
): Promise<NestExpressApplication> {
  // Exact, case-sensitive routes: `/auth/Login` or `/auth/login/` must not reach a handler
  // that nginx's per-route limits do not see. Set before Express builds its router.
  const server = express();
  server.set('case sensitive routing', true);
  server.set('strict routing', true);
  const adapter = new ExpressAdapter(server);
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, options), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // First of all middleware: a refused request costs a few µs and is never parsed or logged.
  installAdmissionControl(app, config, app.get(MetricsService));
  const proxies = new TrustedProxies(config.TRUSTED_PROXIES);
  await proxies.start(); // names re-resolved on an unref'd timer
  app.set('trust proxy', proxies.trust);
  app.set('x-powered-by', false);
  // HSTS comes from nginx, which terminates TLS; a second copy from here would be a duplicate header.
  app.use(
    helmet({
      contentSecurityPolicy: false,
      strictTransportSecurity: false,
      crossOriginResourcePolicy: { policy: 'same-site' },
    }),
  );
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  app.useBodyParser('json', {
    limit: config.BODY_LIMIT,
    type: (req: IncomingMessage) =>
      !isRawRoute(req.url ?? '') && isJsonContentType(req.headers['content-type']),
  });
  app.use(jsonOnly(isRawRoute));
  app.use(wellFormedJson());
  app.use(jsonDepthLimit());
  app.use(cookieParser());
  app.enableCors({ origin: config.CORS_ORIGINS.length ? config.CORS_ORIGINS : false, credentials: true });
  applyGlobalPrefix(app);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useWebSocketAdapter(new RedisIoAdapter(app, config));
  if (config.API_DOCS ?? config.NODE_ENV !== 'production') setupOpenApi(app);
  await app.get(StorageService).ensureBucket();
  return app;
}

/** `/api/v1` on every route except the probes (also used when the OpenAPI document is built offline). */
export function applyGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready'] });
}

function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup('api/docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}

/** The OpenAPI document of the app's routes; scripts/openapi.ts writes it to openapi.json for the UI. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Roo Server API')
      .setDescription(
        'Workspaces, files, providers and live coding-agent tasks. Errors: {statusCode, error, message, requestId}.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
}

/** Connections the kernel may queue before we accept them (capped by net.core.somaxconn). */
const LISTEN_BACKLOG = 4096;

/** Starts the `api` role: HTTP on PORT, metrics on METRICS_PORT, graceful shutdown on SIGTERM. */
export async function startApi(config: AppConfig): Promise<void> {
  const app = await createApiApp(config);
  const server = app.getHttpServer() as Server;
  // Above nginx's upstream keepalive (60 s), so nginx never reuses a connection we just closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // A deep accept queue: after a restart every client reconnects at once, and with Node's
  // default (511) the overflow waits for a SYN retry, past nginx's 1 s connect timeout.
  // (Nest passes the extra argument on to http.Server.listen; its types just omit it.)
  const listen = app.listen.bind(app) as unknown as (
    port: number,
    host: string,
    backlog: number,
  ) => Promise<unknown>;
  await listen(config.PORT, config.HOST, LISTEN_BACKLOG);
  const metricsServer = await startMetricsServer(app.get(MetricsService), config.HOST, config.METRICS_PORT);
  installShutdown(app, config, [metricsServer]);
  app.get(Logger).log(`api listening on ${config.HOST}:${config.PORT}, metrics on :${config.METRICS_PORT}`);
}
