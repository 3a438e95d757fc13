import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { DomainError } from '../common/errors/domain-errors.js';

/** `application/json` and `application/<anything>+json`, parameters (charset) ignored. */
export function isJsonContentType(header: string | undefined): boolean {
  const type = (header ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9!#$&^_.-]+\+json$/.test(type);
}

/** Whether the request carries body bytes (a declared length above 0, or a chunked body). */
export function hasBody(req: IncomingMessage): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}

/**
 * Outside the raw-body routes a body must be JSON by its media type. A loose /json/ match
 * would take `text/plain; x=json`, which a cross-site page may send without a CORS preflight.
 */
export function jsonOnly(isRawRoute: (url: string) => boolean) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (hasBody(req) && !isRawRoute(req.url) && !isJsonContentType(req.headers['content-type']))
      return next(new DomainError(415, 'request bodies must be application/json'));
    next();
  };
}
