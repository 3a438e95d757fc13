import type { NextFunction, Request, Response } from 'express';
import { BadInputError } from '../errors/domain-errors.js';

/** Deepest JSON nesting a request body may have; real bodies stay well under 10. */
export const MAX_JSON_DEPTH = 32;

/** Nesting depth of a parsed JSON value, without recursion (a hostile body cannot blow the stack here). */
export function jsonDepth(value: unknown, stopAt = Infinity): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    const depth = d + 1;
    if (depth > max) max = depth;
    if (max > stopAt) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth]);
  }
  return max;
}

/**
 * Refuses over-deep JSON bodies with 400 before validation and class-transformer walk
 * them recursively (5,000 levels would overflow the stack there and end as a 500).
 */
export function jsonDepthLimit(max = MAX_JSON_DEPTH) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (req.body && typeof req.body === 'object' && jsonDepth(req.body, max) > max)
      return next(new BadInputError(`request body is nested deeper than ${max} levels`));
    next();
  };
}
