import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { BadInputError, DomainError } from '../common/errors/domain-errors.js';

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

/** A high surrogate without its low half, or a low one without its high half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isWellFormed = (s: string) => !LONE_SURROGATE.test(s);

/** Whether every string (keys included) in a parsed JSON value is well-formed UTF-16. */
export function wellFormed(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (!isWellFormed(v)) return false;
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (!isWellFormed(k)) return false;
        stack.push(child);
      }
    }
  }
  return true;
}

/**
 * A lone surrogate (`"\ud800"` in JSON) cannot be stored or encoded as UTF-8, and it made
 * the email validator throw (a 500 the fuzzer found): refused as 400 before validation.
 */
export function wellFormedJson() {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.body && typeof req.body === 'object' && !wellFormed(req.body))
      return next(new BadInputError('request body contains a lone UTF-16 surrogate (ill-formed Unicode)'));
    next();
  };
}
