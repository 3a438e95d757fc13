import {
  ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  type ExceptionFilter,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { isPoolAcquireTimeout } from '../../database/query-metrics.js';
import { DomainError, ServiceUnavailableError, TooManyRequestsError } from './domain-errors.js';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  requestId: string;
}

/** Postgres errors that can only come from bad input (e.g. a malformed uuid), never from a bug. */
const PG_INPUT_ERRORS: Record<string, number> = {
  '22P02': 400,
  '22001': 400,
  '23505': 409,
  '22003': 400,
  // A NUL character (or bytes invalid in UTF-8) in a value Postgres cannot store.
  '22021': 400,
  '22P05': 400,
};
/** Postgres errors meaning the database is away (connection refused, shutting down, too many clients). */
const PG_UNAVAILABLE = new Set(['57P01', '57P02', '57P03', '53300', '08006', '08001', '08003']);

function statusName(status: number): string {
  const name = HttpStatus[status];
  return name
    ? name
        .split('_')
        .map((w) => w[0] + w.slice(1).toLowerCase())
        .join(' ')
    : 'Error';
}

/** A failed terminus readiness check: keep which dependency failed in the body. */
function healthDetails(
  e: unknown,
): { failed: Record<string, unknown>; details: unknown; info: unknown } | undefined {
  if (!(e instanceof HttpException)) return undefined;
  const r = e.getResponse() as { details?: unknown; error?: Record<string, unknown>; info?: unknown };
  if (typeof r !== 'object' || !r || !('details' in r)) return undefined;
  return { failed: r.error ?? {}, details: r.details, info: r.info };
}

/** Turns every error into `{statusCode, error, message, requestId}`; unknown errors become a logged 500. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<Request & { id?: string }>();
    const res = ctx.getResponse<Response>();
    const { status, message } = this.classify(exception);
    if (status >= 500 && status !== 503)
      this.logger.error({ err: exception, requestId: req.id }, 'unhandled error');
    if (exception instanceof TooManyRequestsError)
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    else if (exception instanceof ServiceUnavailableError && exception.retryAfterSeconds)
      res.setHeader('Retry-After', String(exception.retryAfterSeconds));
    // Every pooled connection stayed busy for DATABASE_POOL_ACQUIRE_TIMEOUT_MS: overload.
    else if (isPoolAcquireTimeout(exception)) res.setHeader('Retry-After', '1');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body: ErrorBody = {
      statusCode: status,
      error: statusName(status),
      message,
      requestId: String(req.id ?? ''),
    };
    res.status(status).json({ ...body, ...healthDetails(exception) });
  }

  private classify(e: unknown): { status: number; message: string | string[] } {
    if (e instanceof DomainError) return { status: e.status, message: e.message };
    if (e instanceof HttpException) {
      const r = e.getResponse();
      const health = healthDetails(e);
      if (health)
        return { status: e.getStatus(), message: `not ready: ${Object.keys(health.failed).join(', ')}` };
      const message =
        typeof r === 'string' ? r : ((r as { message?: string | string[] }).message ?? e.message);
      return { status: e.getStatus(), message };
    }
    if (e instanceof QueryFailedError) {
      const code = (e.driverError as { code?: string } | undefined)?.code ?? '';
      if (PG_INPUT_ERRORS[code]) return { status: PG_INPUT_ERRORS[code], message: 'invalid value' };
      if (PG_UNAVAILABLE.has(code)) return { status: 503, message: 'database unavailable' };
    }
    // Errors raised by body-parser and friends carry an http status and a type.
    const err = e as { status?: number; statusCode?: number; type?: string; code?: string; message?: string };
    const status = err?.status ?? err?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const byType: Record<string, string> = {
        'entity.parse.failed': 'request body is not valid JSON',
        'entity.too.large': 'request body is too large',
        'encoding.unsupported': 'unsupported content encoding',
        'charset.unsupported': 'unsupported charset',
      };
      return { status, message: byType[err.type ?? ''] ?? err.message ?? statusName(status) };
    }
    if (isPoolAcquireTimeout(e)) return { status: 503, message: 'database busy, retry later' };
    if (err?.code === 'ECONNREFUSED' || err?.message?.includes('Connection terminated')) {
      return { status: 503, message: 'a backing service is unavailable' };
    }
    return { status: 500, message: 'internal server error' };
  }
}
